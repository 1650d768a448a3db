import { and, arrayContains, asc, count, desc, eq, inArray, ne, sql, type SQL, type SQLWrapper } from "drizzle-orm";
import Papa from "papaparse";
import { z } from "zod";
import { customers, customerStatuses, type CustomerStatus } from "@/lib/customers/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { servicePlans } from "@/lib/plans/schema";
import { routers } from "@/lib/routers/schema";
import type { PgColumn } from "drizzle-orm/pg-core";
import type { Db, DbOrTx } from "@/lib/db/types";
import { withoutNul } from "@/lib/core/action";

/*
 * The staff customer list: one indexed query per page, one for the page's subscriptions and one
 * (capped when searching) count. Every query carries tenant_id; ids of another tenant match nothing.
 */

export const customerSortKeys = ["name", "account", "created", "status", "city"] as const;
export type CustomerSortKey = (typeof customerSortKeys)[number];
export const customerPageSizes = [25, 50, 100] as const;
export type CustomerPageSize = (typeof customerPageSizes)[number];
export const DEFAULT_PAGE_SIZE: CustomerPageSize = 50;
export const DEFAULT_SORT: CustomerSortKey = "created";
/** A search counts at most this many matches; the UI then shows "10,000+". */
export const COUNT_CAP = 10_000;

export type CustomerListFilters = {
  search?: string;
  status?: CustomerStatus;
  planId?: string;
  routerId?: string;
  city?: string;
  barangay?: string;
  tag?: string;
};

export type ListCustomersInput = CustomerListFilters & {
  tenantId: string;
  sort?: CustomerSortKey;
  dir?: "asc" | "desc";
  page?: number;
  pageSize?: number;
};

export type CustomerListRow = {
  id: string;
  accountNumber: string;
  name: string;
  phone: string;
  email: string;
  serviceAddress: string;
  barangay: string;
  city: string;
  tags: string[];
  status: CustomerStatus;
  createdAt: Date;
  plans: string[];
  usernames: string[];
};

export type CustomerListResult = {
  rows: CustomerListRow[];
  /** Exact, or COUNT_CAP + 1 when a search matched more than COUNT_CAP rows (see `totalCapped`). */
  total: number;
  totalCapped: boolean;
  page: number;
  pageSize: CustomerPageSize;
};

// ---------------------------------------------------------------------------------------------
// Query-string parameters (shared by the page and the CSV route)

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

/** The list's URL parameters; strict (the export route answers 400 on anything else). */
export const customerListParamsSchema = z.object({
  q: optional(z.string().trim().max(200, "Search is too long")),
  status: optional(z.enum(customerStatuses)),
  plan: optional(z.uuid("Unknown plan")),
  router: optional(z.uuid("Unknown router")),
  city: optional(z.string().trim().max(120)),
  barangay: optional(z.string().trim().max(120)),
  tag: optional(z.string().trim().toLowerCase().max(30)),
  sort: optional(z.enum(customerSortKeys)),
  dir: optional(z.enum(["asc", "desc"])),
  page: optional(z.coerce.number().int().min(1).max(1_000_000)),
  size: optional(z.coerce.number().pipe(z.union([z.literal(25), z.literal(50), z.literal(100)]))),
});
export type CustomerListParams = z.infer<typeof customerListParamsSchema>;

/** For pages: a bad parameter in a hand-edited URL is dropped instead of failing the page. */
export function parseCustomerListParams(raw: Record<string, string | string[] | undefined>): CustomerListParams {
  const flat = withoutNul(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[v.length - 1] : v])));
  const strict = customerListParamsSchema.safeParse(flat);
  if (strict.success) return strict.data;
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(customerListParamsSchema.shape)) {
    const one = (schema as z.ZodType).safeParse(flat[key]);
    if (one.success && one.data !== undefined) out[key] = one.data;
  }
  return out as CustomerListParams;
}

export function listInputFromParams(tenantId: string, p: CustomerListParams): ListCustomersInput {
  return {
    tenantId,
    search: p.q,
    status: p.status,
    planId: p.plan,
    routerId: p.router,
    city: p.city,
    barangay: p.barangay,
    tag: p.tag,
    sort: p.sort,
    dir: p.dir,
    page: p.page,
    pageSize: p.size,
  };
}

export const hasActiveFilters = (f: CustomerListFilters) =>
  !!(f.search?.trim() || f.status || f.planId || f.routerId || f.city || f.barangay || f.tag);

// ---------------------------------------------------------------------------------------------
// Query building

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Search words: lower-cased, at most 8 of at most 100 characters; every word must match (AND). */
export function searchWords(search: string | undefined): string[] {
  if (!search) return [];
  return search
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 8)
    .map((w) => w.slice(0, 100));
}

/** pg_trgm indexes 3-character grams: shorter words cannot use the index. */
const MIN_INDEXED_WORD = 3;
const likePattern = (word: string) => `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * How the search words are matched: `filter` checks each row the other conditions lead to (right when the plan
 * walks a sort index and stops after one page); `index` asks customer_search_ids for the matching ids through
 * the trigram index. Under the row-level policies Postgres never uses ILIKE (not leakproof) as an index
 * condition, so on the ISP-bound handle `filter` would read every customer of the ISP; the function searches
 * as the owner, for the ISP the connection is bound to only (see its migration, customer_search_ids).
 */
type SearchBy = "filter" | "index";

function conditions(tenantId: string, f: CustomerListFilters, searchBy: SearchBy = "filter"): SQL[] {
  const where: SQL[] = [eq(customers.tenantId, tenantId)];
  let words = searchWords(f.search);
  if (searchBy === "index" && words.some((w) => w.length >= MIN_INDEXED_WORD)) {
    // The words travel as one JSON value: both drivers pass it alike, whatever characters a word holds.
    const wordArray = sql`array(select jsonb_array_elements_text(${JSON.stringify(words)}::jsonb))`;
    where.push(sql`${customers.id} = any(array(select customer_search_ids(${tenantId}::uuid, ${wordArray})))`);
    words = [];
  }
  // search_text is lower-case; customers_tenant_search_trgm_idx (gin_trgm_ops) serves ILIKE '%word%' for words
  // of 3+ characters. A shorter word has no trigram and would make the index read every entry, so it
  // is checked with strpos (same result on lower-case text) on the rows the other conditions leave.
  for (const word of words) {
    where.push(
      word.length >= MIN_INDEXED_WORD ? sql`${customers.searchText} ilike ${likePattern(word)}` : sql`strpos(${customers.searchText}, ${word}) > 0`,
    );
  }
  if (f.status) where.push(eq(customers.status, f.status));
  if (f.city) where.push(eq(customers.city, f.city));
  if (f.barangay) where.push(eq(customers.barangay, f.barangay));
  if (f.tag) where.push(arrayContains(customers.tags, [f.tag.toLowerCase()]));
  if (f.planId || f.routerId) {
    if ((f.planId && !UUID.test(f.planId)) || (f.routerId && !UUID.test(f.routerId))) return [sql`false`];
    const sub: SQL[] = [eq(subscriptions.tenantId, tenantId)];
    if (f.planId) sub.push(eq(subscriptions.planId, f.planId));
    if (f.routerId) sub.push(eq(subscriptions.routerId, f.routerId));
    // Uncorrelated: the customers come from subscriptions_tenant_plan_idx / _router_idx alone (they hold the
    // customer), and a page walking a sort index checks each row against that set, not against a subquery.
    where.push(sql`${customers.id} in (select ${subscriptions.customerId} from ${subscriptions} where ${and(...sub)})`);
  }
  return where;
}

/** Whitelisted sort columns; status and city break ties by name. The id comes last so pages never overlap. */
const sortColumns: Record<CustomerSortKey, PgColumn[]> = {
  name: [customers.name],
  account: [customers.accountNumber],
  created: [customers.createdAt],
  status: [customers.status, customers.name],
  city: [customers.city, customers.name],
};

function orderBy(sort: CustomerSortKey | undefined, dir: "asc" | "desc" | undefined, reversed = false) {
  const key = sort && Object.hasOwn(sortColumns, sort) ? sort : DEFAULT_SORT;
  const descending = (dir ?? (key === "created" ? "desc" : "asc")) === "desc";
  const by = descending !== reversed ? desc : asc;
  return [...sortColumns[key].map((c) => by(c)), by(customers.id)];
}

const listColumns = {
  id: customers.id,
  accountNumber: customers.accountNumber,
  name: customers.name,
  phone: customers.phone,
  email: customers.email,
  serviceAddress: customers.serviceAddress,
  barangay: customers.barangay,
  city: customers.city,
  tags: customers.tags,
  status: customers.status,
  createdAt: customers.createdAt,
};

/** Plan names and usernames of the given customers, in subscription order: one query. */
async function subscriptionsOf(db: DbOrTx, tenantId: string, customerIds: string[] | SQLWrapper) {
  const map = new Map<string, { plans: string[]; usernames: string[] }>();
  if (Array.isArray(customerIds) && customerIds.length === 0) return map;
  const rows = await db
    .select({ customerId: subscriptions.customerId, planName: servicePlans.name, username: subscriptions.username })
    .from(subscriptions)
    .innerJoin(servicePlans, eq(servicePlans.id, subscriptions.planId))
    .where(and(eq(subscriptions.tenantId, tenantId), inArray(subscriptions.customerId, customerIds)))
    .orderBy(asc(subscriptions.createdAt), asc(subscriptions.username));
  for (const r of rows) {
    const entry = map.get(r.customerId) ?? { plans: [], usernames: [] };
    if (!entry.plans.includes(r.planName)) entry.plans.push(r.planName);
    entry.usernames.push(r.username);
    map.set(r.customerId, entry);
  }
  return map;
}

const normalisePageSize = (n: number | undefined): CustomerPageSize =>
  (customerPageSizes as readonly number[]).includes(n ?? 0) ? (n as CustomerPageSize) : DEFAULT_PAGE_SIZE;

/** A search matching at most this many rows is read through the trigram index, then sorted. */
const TRIGRAM_SORT_MAX = 5_000;
/** From this offset on, a page in the second half of an exactly counted list is read from the other end. */
const REVERSE_FROM_OFFSET = 5_000;

/**
 * Runs `run` reading customers through a bitmap scan, for this transaction only. Postgres prices a
 * trigram bitmap scan about like a sequential scan and ILIKE like a cheap operator (it is ~20× one),
 * so under ORDER BY … LIMIT it walks the sort index filtering every row — most of the table when the
 * matches cluster at the far end ("maria" sorted by name) — or picks a tenant/status btree bitmap and
 * rechecks 60,000 rows. For a selective search the trigram bitmap is the right plan, so it is forced:
 * no sequential or plain index scans, operators priced realistically, no parallel workers (their
 * start-up costs more than the few thousand rows they would share).
 */
async function viaTrigramIndex<T>(db: DbOrTx, run: (q: DbOrTx) => Promise<T>): Promise<T> {
  return (db as Db).transaction(async (tx) => {
    await tx.execute(sql`select set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true),
      set_config('cpu_operator_cost', '0.05', true), set_config('max_parallel_workers_per_gather', '0', true)`);
    return run(tx);
  });
}

async function countMatches(db: DbOrTx, where: SQL[], capped: boolean) {
  if (!capped) {
    const [row] = await db
      .select({ n: count() })
      .from(customers)
      .where(and(...where));
    return row.n;
  }
  const limited = db
    .select({ one: sql`1`.as("one") })
    .from(customers)
    .where(and(...where))
    .limit(COUNT_CAP + 1)
    .as("limited");
  const [row] = await db.select({ n: count() }).from(limited);
  return row.n;
}

type PageQuery = { input: ListCustomersInput; where: SQL[]; offset: number; pageSize: number };

/**
 * The rows at `offset` in `order`. Past REVERSE_FROM_OFFSET the page's ids are found first and only those rows
 * are read: the rows skipped are then counted in a sort index that holds the id (every sort but account),
 * without fetching each one from the table.
 */
function rowsAt(db: DbOrTx, input: ListCustomersInput, where: SQL[], order: SQL[], limit: number, offset: number) {
  if (offset < REVERSE_FROM_OFFSET) {
    return db
      .select(listColumns)
      .from(customers)
      .where(and(...where))
      .orderBy(...order)
      .limit(limit)
      .offset(offset);
  }
  const pageIds = db
    .select({ id: customers.id })
    .from(customers)
    .where(and(...where))
    .orderBy(...order)
    .limit(limit)
    .offset(offset);
  return db
    .select(listColumns)
    .from(customers)
    .where(and(eq(customers.tenantId, input.tenantId), inArray(customers.id, pageIds)))
    .orderBy(...order);
}

async function pageOf(db: DbOrTx, { input, where, offset, pageSize }: PageQuery) {
  return rowsAt(db, input, where, orderBy(input.sort, input.dir), pageSize, offset);
}

/** A deep page read in the opposite order from the near end (page 2,000 of 2,000 costs what page 1 does). */
async function pageFromEnd(db: DbOrTx, { input, where, offset, pageSize }: PageQuery, total: number) {
  const fromEnd = total - offset - pageSize;
  const limit = fromEnd < 0 ? pageSize + fromEnd : pageSize;
  const rows = await rowsAt(db, input, where, orderBy(input.sort, input.dir, true), limit, Math.max(0, fromEnd));
  return rows.reverse();
}

/** One page of the tenant's customers, filtered, sorted and counted. */
export async function listCustomers(db: DbOrTx, input: ListCustomersInput): Promise<CustomerListResult> {
  const pageSize = normalisePageSize(input.pageSize);
  let page = Math.max(1, Math.floor(input.page ?? 1));
  const where = conditions(input.tenantId, input);
  const words = searchWords(input.search);
  // Counting every match of a broad search is the slow part; above the cap "10,000+" is enough.
  const capped = words.length > 0;
  const query = (p: number): PageQuery => ({ input, where, offset: (p - 1) * pageSize, pageSize });
  const lastPage = (total: number) => Math.max(1, Math.ceil((capped ? Math.min(total, COUNT_CAP) : total) / pageSize));

  let total: number;
  let rows: Awaited<ReturnType<typeof pageOf>>;
  if (words.some((w) => w.length >= MIN_INDEXED_WORD)) {
    // Searching: the capped count (via the trigram index) tells a selective search from a broad one.
    const indexed = conditions(input.tenantId, input, "index");
    total = await viaTrigramIndex(db, (q) => countMatches(q, indexed, true));
    if (total > 0 && (page - 1) * pageSize >= total) page = lastPage(total);
    rows =
      total <= TRIGRAM_SORT_MAX ? await viaTrigramIndex(db, (q) => pageOf(q, { ...query(page), where: indexed })) : await pageOf(db, query(page));
  } else if (query(page).offset >= REVERSE_FROM_OFFSET) {
    total = await countMatches(db, where, capped);
    if (total > 0 && (page - 1) * pageSize >= total && !capped) page = lastPage(total);
    const q = query(page);
    rows = !capped && q.offset > total / 2 ? await pageFromEnd(db, q, total) : await pageOf(db, q);
  } else {
    [rows, total] = await Promise.all([pageOf(db, query(page)), countMatches(db, where, capped)]);
  }
  // A page past the end (a stale link): show the last page instead of an empty table.
  if (rows.length === 0 && page > 1 && total > 0) {
    page = lastPage(total);
    rows = await pageOf(db, query(page));
  }
  const subs = await subscriptionsOf(
    db,
    input.tenantId,
    rows.map((r) => r.id),
  );
  return {
    rows: rows.map((r) => ({ ...r, plans: subs.get(r.id)?.plans ?? [], usernames: subs.get(r.id)?.usernames ?? [] })),
    total,
    totalCapped: capped && total > COUNT_CAP,
    page,
    pageSize,
  };
}

/** Does the tenant have any customer at all? (Tells "no customers yet" from "no matches".) */
export async function tenantHasCustomers(db: DbOrTx, { tenantId }: { tenantId: string }) {
  const [row] = await db.select({ id: customers.id }).from(customers).where(eq(customers.tenantId, tenantId)).limit(1);
  return !!row;
}

export type CustomerFilterOptions = {
  plans: { id: string; name: string }[];
  routers: { id: string; name: string }[];
  cities: string[];
  /** Barangays of the chosen city (empty when no city is chosen). */
  barangays: string[];
  tags: string[];
};

/**
 * The tenant's distinct cities by skip-scanning customers_tenant_city_idx: one index probe per city
 * instead of reading every customer (1 ms rather than 40 ms at 100,000 customers).
 */
async function distinctCities(db: DbOrTx, tenantId: string): Promise<string[]> {
  const result = await db.execute(sql`
    with recursive c(city, n) as (
      (select city, 1 from ${customers} where tenant_id = ${tenantId} order by city limit 1)
      union all
      select (select x.city from ${customers} x where x.tenant_id = ${tenantId} and x.city > c.city order by x.city limit 1), c.n + 1
      from c where c.city is not null and c.n < 500
    )
    select city from c where city is not null and city <> ''`);
  // Both drivers (node-postgres and PGlite) answer raw SQL with { rows }.
  return (result as unknown as { rows: { city: string }[] }).rows.map((r) => r.city);
}

/** Choices for the filter dropdowns. */
export async function listCustomerFilterOptions(db: DbOrTx, { tenantId, city }: { tenantId: string; city?: string }): Promise<CustomerFilterOptions> {
  const [plans, routerRows, cities, barangays, tags] = await Promise.all([
    db
      .select({ id: servicePlans.id, name: servicePlans.name })
      .from(servicePlans)
      .where(eq(servicePlans.tenantId, tenantId))
      .orderBy(asc(servicePlans.name)),
    db.select({ id: routers.id, name: routers.name }).from(routers).where(eq(routers.tenantId, tenantId)).orderBy(asc(routers.name)),
    distinctCities(db, tenantId),
    city
      ? db
          .selectDistinct({ barangay: customers.barangay })
          .from(customers)
          .where(and(eq(customers.tenantId, tenantId), eq(customers.city, city), ne(customers.barangay, "")))
          .orderBy(asc(customers.barangay))
          .limit(500)
      : Promise.resolve([]),
    db
      .selectDistinct({ tag: sql<string>`unnest(${customers.tags})`.as("tag") })
      .from(customers)
      .where(and(eq(customers.tenantId, tenantId), sql`${customers.tags} <> '{}'::text[]`))
      .orderBy(sql`1`)
      .limit(200),
  ]);
  return {
    plans,
    routers: routerRows,
    cities,
    barangays: barangays.map((b) => b.barangay),
    tags: tags.map((t) => t.tag),
  };
}

// ---------------------------------------------------------------------------------------------
// CSV export

/** A cell a spreadsheet would run as a formula (=, +, -, @, tab, CR) gets a leading apostrophe. */
export function escapeSpreadsheetCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export const exportColumns = [
  "Account number",
  "Name",
  "Status",
  "Phone",
  "Alt phone",
  "Email",
  "Service address",
  "Barangay",
  "City",
  "Plans",
  "Usernames",
  "Tags",
  "Created",
] as const;

export type ExportCustomersInput = ListCustomersInput & { ids?: string[] };

/** The whole filtered set (or only the given ids, still within the tenant) as CSV text. */
export async function exportCustomersCsv(db: DbOrTx, input: ExportCustomersInput): Promise<{ csv: string; rows: number }> {
  let where: SQL[];
  if (input.ids) {
    const ids = input.ids.filter((id) => UUID.test(id));
    where = ids.length ? [eq(customers.tenantId, input.tenantId), inArray(customers.id, ids)] : [sql`false`];
  } else {
    where = conditions(input.tenantId, input);
  }
  const rows = await db
    .select({ ...listColumns, altPhone: customers.altPhone })
    .from(customers)
    .where(and(...where))
    .orderBy(...orderBy(input.sort, input.dir));
  const matching = db
    .select({ id: customers.id })
    .from(customers)
    .where(and(...where));
  const subs = rows.length ? await subscriptionsOf(db, input.tenantId, matching) : new Map();
  const data = rows.map((r) => {
    const s = subs.get(r.id);
    return [
      r.accountNumber,
      r.name,
      r.status,
      r.phone,
      r.altPhone,
      r.email,
      r.serviceAddress,
      r.barangay,
      r.city,
      (s?.plans ?? []).join("; "),
      (s?.usernames ?? []).join("; "),
      r.tags.join("; "),
      r.createdAt.toISOString(),
    ].map(escapeSpreadsheetCell);
  });
  return { csv: Papa.unparse({ fields: [...exportColumns], data }, { newline: "\r\n" }), rows: rows.length };
}
