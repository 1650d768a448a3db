/*
 * Customer list benchmark: 100,000 customers of one tenant on real Postgres.
 *
 *   npm run bench:customers        (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres)
 *
 * Creates the database netsphere_bench (dropping any previous one), migrates it, seeds one tenant
 * with set-based inserts, runs ANALYZE, times listCustomers over a mixed workload and drops the
 * database again (BENCH_KEEP_DB=1 keeps it for EXPLAIN). Goal: p95 < 150 ms.
 */
import os from "node:os";
import { performance } from "node:perf_hooks";
import { sql } from "drizzle-orm";
import pg from "pg";
import { connectPostgres, type Connection } from "@/lib/db/connect";
import { prepareDatabase } from "@/lib/db/prepare";
import { tenants } from "@/lib/tenants/schema";
import { servicePlans } from "@/lib/plans/schema";
import { routers } from "@/lib/routers/schema";
import { encryptSecret } from "@/lib/core/crypto";
import { exportCustomersCsv, listCustomerFilterOptions, listCustomers, type ListCustomersInput } from "@/lib/customers/list";
import type { CustomerStatus } from "@/lib/customers/schema";

const CUSTOMERS = Number(process.env.BENCH_CUSTOMERS ?? 100_000);
const BATCH = 10_000;
const GOAL_P95_MS = 150;
const DB_NAME = "netsphere_bench";

const adminUrl = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
const benchUrl = (() => {
  const u = new URL(adminUrl);
  u.pathname = `/${DB_NAME}`;
  return u.toString();
})();

// prettier-ignore
const firstNames = [
  "Juan", "Maria", "Jose", "Ana", "Mark", "Kristine", "Paolo", "Liza", "Rommel", "Grace", "Jerome", "Aileen", "Noel", "Joy",
  "Ramon", "Cecilia", "Arnel", "Mylene", "Dennis", "Rowena", "Angelo", "Bea", "Carlo", "Diana", "Edgar", "Fe", "Gilbert",
  "Hazel", "Ismael", "Jocelyn", "Kevin", "Lorna", "Manuel", "Nida", "Oscar", "Pilar", "Quirino", "Rosario", "Samuel", "Teresa",
];
// prettier-ignore
const lastNames = [
  "Dela Cruz", "Santos", "Reyes", "Garcia", "Mendoza", "Bautista", "Villanueva", "Ramos", "Aquino", "Castillo", "Flores",
  "Torres", "Navarro", "Gonzales", "Lopez", "Domingo", "Magsino", "Ilagan", "Macalintal", "Panganiban", "Dimaculangan",
  "Katigbak", "Mercado", "Pasia", "Umali", "Marasigan", "Comia", "Landicho", "Atienza", "Perez",
];
// prettier-ignore
const areas = [
  ["Poblacion", "Tanauan"], ["Darasa", "Tanauan"], ["Sambat", "Tanauan"], ["Natatas", "Tanauan"], ["Janopol", "Tanauan"],
  ["San Jose", "Lipa"], ["Sabang", "Lipa"], ["Marawoy", "Lipa"], ["Tambo", "Lipa"], ["Antipolo del Norte", "Lipa"],
  ["Banaba", "Santo Tomas"], ["San Rafael", "Santo Tomas"], ["Santa Anastacia", "Santo Tomas"], ["Poblacion", "Malvar"],
  ["Santiago", "Malvar"], ["Alangilan", "Batangas City"], ["Kumintang Ibaba", "Batangas City"], ["Pallocan", "Batangas City"],
  ["Balagtas", "Batangas City"], ["Poblacion", "Rosario"], ["Namunga", "Rosario"], ["Poblacion", "San Jose"],
  ["Banay-banay", "San Jose"], ["Dagatan", "Taysan"], ["Poblacion", "Ibaan"],
];
const tagsPool = ["fiber", "wireless", "vip", "senior", "business", "promo-2026", "late-payer", "referral"];
const pgArray = (xs: string[]) => `{${xs.map((x) => `"${x}"`).join(",")}}`;

async function admin<T>(fn: (c: pg.Client) => Promise<T>) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** One tenant, 6 plans, 3 routers, CUSTOMERS customers (10 % leads without service, 10 % with two subscriptions). */
async function seed(conn: Connection) {
  const db = conn.db;
  const [tenant] = await db
    .insert(tenants)
    .values({ name: "Bench ISP", legalName: "Bench ISP Inc.", email: "owner@bench.example", saasPlanId: "cloud-server", onboardingStep: "done" })
    .returning();
  const plans = await db
    .insert(servicePlans)
    .values(
      ["Fiber 25", "Fiber 50", "Fiber 100", "Wireless 10", "Hotspot Day Pass", "Business Static 200"].map((name, i) => ({
        tenantId: tenant.id,
        name,
        type: "pppoe" as const,
        downloadKbps: 10_000 * (i + 1),
        uploadKbps: 10_000 * (i + 1),
        priceCentavos: 69_900 + i * 30_000,
      })),
    )
    .returning();
  const routerRows = await db
    .insert(routers)
    .values(
      ["Tanauan-CCR1", "Lipa-CCR2", "SantoTomas-CCR3"].map((name) => ({
        tenantId: tenant.id,
        name,
        host: "127.0.0.1",
        username: "netsphere",
        passwordEncrypted: encryptSecret("bench-router"),
      })),
    )
    .returning();
  const secret = encryptSecret("bench-pppoe-password");
  const planIds = `{${plans.map((p) => p.id).join(",")}}`;
  const routerIds = `{${routerRows.map((r) => r.id).join(",")}}`;

  for (let start = 1; start <= CUSTOMERS; start += BATCH) {
    const end = Math.min(CUSTOMERS, start + BATCH - 1);
    // One multi-row INSERT … SELECT per batch; the values are deterministic functions of g.
    await db.execute(sql`
      insert into customers (tenant_id, account_number, name, phone, email, service_address, barangay, city, tags, status, search_text, created_at, updated_at)
      select ${tenant.id}::uuid, acc, name, phone, email, address, barangay, city, tags, status, lower(concat_ws(' ',
               acc, name, phone, replace(phone, ' ', ''), email, address, barangay, city, case when status <> 'lead' then username end,
               case when g % 10 = 0 then username || '-2' end)),
             created, created
      from (
        select g, acc, name, phone, address, barangay, city, tags, status, username, created,
               lower(replace(name, ' ', '.')) || g || '@example.ph' as email
        from (
          select g,
                 'ACC-' || lpad(g::text, 6, '0') as acc,
                 (${pgArray(firstNames)}::text[])[1 + (2147483647 & hashint4(g)) % ${firstNames.length}] || ' ' ||
                   (${pgArray(lastNames)}::text[])[1 + (2147483647 & hashint4(g * 31 + 7)) % ${lastNames.length}] as name,
                 '09' || lpad((10 + (2147483647 & hashint4(g * 17 + 3)) % 90)::text, 2, '0') || ' ' ||
                   lpad(((2147483647 & hashint4(g * 13 + 5)) % 1000)::text, 3, '0') || ' ' || lpad(((2147483647 & hashint4(g * 11 + 1)) % 10000)::text, 4, '0') as phone,
                 (1 + g % 300) || ' Purok ' || (1 + g % 7) || ', ' || a.barangay as address,
                 a.barangay, a.city,
                 case when g % 5 = 0 then array[(${pgArray(tagsPool)}::text[])[1 + g % ${tagsPool.length}]]
                      when g % 11 = 0 then array['vip', 'fiber'] else '{}'::text[] end as tags,
                 (array['active','active','active','active','active','active','suspended','suspended','terminated','lead'])[1 + g % 10] as status,
                 lower(left((${pgArray(firstNames)}::text[])[1 + (2147483647 & hashint4(g)) % ${firstNames.length}], 1) ||
                   replace((${pgArray(lastNames)}::text[])[1 + (2147483647 & hashint4(g * 31 + 7)) % ${lastNames.length}], ' ', '')) || g as username,
                 now() - (${CUSTOMERS} - g) * interval '7 minutes' as created
          from generate_series(${start}::int, ${end}::int) g
          cross join lateral (
            select (${pgArray(areas.map((x) => x[0]))}::text[])[1 + (2147483647 & hashint4(g * 7 + 2)) % ${areas.length}] as barangay,
                   (${pgArray(areas.map((x) => x[1]))}::text[])[1 + (2147483647 & hashint4(g * 7 + 2)) % ${areas.length}] as city
          ) a
        ) base
      ) x`);
    await db.execute(sql`
      insert into subscriptions (tenant_id, customer_id, plan_id, router_id, username, password_encrypted, start_date, status)
      select c.tenant_id, c.id, (${planIds}::uuid[])[1 + (n.g + s.k) % ${plans.length}], (${routerIds}::uuid[])[1 + (2147483647 & hashint4(n.g * 3 + 1)) % ${routerRows.length}],
             lower(left(split_part(c.name, ' ', 1), 1) || replace(substr(c.name, strpos(c.name, ' ') + 1), ' ', '')) || n.g || case when s.k = 2 then '-2' else '' end,
             ${secret}, c.created_at::date,
             case c.status when 'active' then 'active' when 'suspended' then 'suspended' else 'terminated' end
      from customers c
      cross join lateral (select substr(c.account_number, 5)::int as g) n
      cross join lateral generate_series(1, case when n.g % 10 = 0 then 2 else 1 end) s(k)
      where c.tenant_id = ${tenant.id} and c.status <> 'lead' and c.account_number between ${`ACC-${String(start).padStart(6, "0")}`} and ${`ACC-${String(end).padStart(6, "0")}`}`);
  }
  await db.execute(sql`update tenants set next_account_seq = ${CUSTOMERS + 1} where id = ${tenant.id}`);
  return { tenantId: tenant.id, planIds: plans.map((p) => p.id), routerIds: routerRows.map((r) => r.id) };
}

type Sample = { account_number: string; name: string; phone: string; email: string; city: string; barangay: string; username: string };

function rng(seed: number) {
  let s = seed;
  return () => (s = (s * 1664525 + 1013904223) % 2 ** 32) / 2 ** 32;
}

const categoryOrder: string[] = [];

function workload(tenantId: string, planIds: string[], routerIds: string[], samples: Sample[]) {
  const random = rng(2026);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const sizes = [25, 50, 100] as const;
  const statuses: CustomerStatus[] = ["active", "suspended", "terminated", "lead"];
  const sorts = ["name", "account", "created", "status", "city"] as const;
  const calls: { category: string; input: ListCustomersInput }[] = [];
  const add = (category: string, n: number, make: (i: number) => Omit<ListCustomersInput, "tenantId">) => {
    for (let i = 0; i < n; i++) calls.push({ category, input: { tenantId, ...make(i) } });
  };
  const nameFragments = ["santos", "dela cruz", "maria", "juan rey", "garc", "magsino", "villanueva", "jose bautista", "katigbak", "rowena"];
  add("name fragment", 40, (i) => ({
    search: i < nameFragments.length ? nameFragments[i] : pick(samples).name.split(" ").slice(0, 2).join(" ").slice(0, 8),
  }));
  add("account number", 30, (i) => ({ search: i % 3 === 2 ? pick(samples).account_number.slice(0, 8) : pick(samples).account_number }));
  add("phone digits", 30, (i) => {
    const digits = pick(samples).phone.replace(/\D/g, "");
    return { search: i % 2 ? digits : digits.slice(4) };
  });
  add("username", 30, () => ({ search: pick(samples).username }));
  add("email", 30, (i) => ({ search: i % 2 ? pick(samples).email : pick(samples).email.split("@")[0] }));
  add("filters, no search", 40, (i) => {
    const s = pick(samples);
    const variants: Omit<ListCustomersInput, "tenantId">[] = [
      { status: pick(statuses) },
      { planId: pick(planIds) },
      { routerId: pick(routerIds) },
      { city: s.city },
      { city: s.city, barangay: s.barangay },
      { tag: pick(tagsPool) },
      { status: "active", planId: pick(planIds), routerId: pick(routerIds) },
      { status: "suspended", city: s.city, sort: "name" },
    ];
    return { ...variants[i % variants.length], pageSize: pick(sizes) };
  });
  add("sort, pages 1–20", 25, (i) => ({
    sort: sorts[i % sorts.length],
    dir: i % 2 ? "desc" : "asc",
    page: [1, 2, 20][i % 3],
    pageSize: pick(sizes),
  }));
  add("deep page (middle, offset ≥ 10,000)", 15, (i) => {
    const pageSize = pick(sizes);
    const last = Math.ceil(CUSTOMERS / pageSize);
    return {
      sort: sorts[i % sorts.length],
      dir: i % 2 ? "desc" : "asc",
      page: i % 3 === 0 ? Math.floor(last / 2) : Math.floor(last / 5) + i,
      pageSize,
    };
  });
  add("last pages", 10, (i) => {
    const pageSize = pick(sizes);
    const last = Math.ceil(CUSTOMERS / pageSize);
    return { sort: sorts[i % sorts.length], dir: i % 2 ? "desc" : "asc", page: last - (i % 3), pageSize };
  });
  add("search + filter + sort", 20, (i) => ({
    search: pick(nameFragments),
    status: i % 2 ? "active" : undefined,
    planId: i % 3 === 0 ? pick(planIds) : undefined,
    sort: pick(sorts),
    dir: i % 2 ? "asc" : "desc",
    page: 1 + (i % 4),
  }));
  // Interleave categories so caches warm evenly.
  categoryOrder.push(...new Set(calls.map((c) => c.category)));
  return calls.sort(() => random() - 0.5);
}

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
const ms = (n: number) => n.toFixed(1).padStart(7);

async function main() {
  console.log(`NetSphere customer list benchmark — ${CUSTOMERS.toLocaleString("en-US")} customers`);
  console.log(
    `machine: ${os.cpus().length} cores, Node ${process.version}, load average at start ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${DB_NAME}`);
  });
  const conn = connectPostgres(benchUrl, 10);
  try {
    await prepareDatabase(conn);
    const version = await conn.db.execute(sql`select current_setting('server_version') as v`);
    console.log(`PostgreSQL ${(version as unknown as { rows: { v: string }[] }).rows[0].v}`);

    const t0 = performance.now();
    const { tenantId, planIds, routerIds } = await seed(conn);
    const seeded = performance.now() - t0;
    const t1 = performance.now();
    await conn.db.execute(sql`analyze`);
    const analyzed = performance.now() - t1;
    const counts = (await conn.db.execute(
      sql`select (select count(*) from customers)::int as customers, (select count(*) from subscriptions)::int as subscriptions`,
    )) as unknown as { rows: { customers: number; subscriptions: number }[] };
    console.log(
      `seeded ${counts.rows[0].customers.toLocaleString("en-US")} customers + ${counts.rows[0].subscriptions.toLocaleString("en-US")} subscriptions ` +
        `in ${(seeded / 1000).toFixed(1)} s (batches of ${BATCH.toLocaleString("en-US")}), ANALYZE ${(analyzed / 1000).toFixed(1)} s`,
    );

    const sampleRows = (await conn.db.execute(sql`
      select c.account_number, c.name, c.phone, c.email, c.city, c.barangay, s.username
      from customers c join subscriptions s on s.customer_id = c.id
      where c.tenant_id = ${tenantId} and hashint4(substr(c.account_number, 5)::int) % 97 = 0
      limit 300`)) as unknown as { rows: Sample[] };
    const calls = workload(tenantId, planIds, routerIds, sampleRows.rows);

    // Warm-up: a few calls of each kind, not measured.
    for (const call of calls.slice(0, 20)) await listCustomers(conn.db, call.input);

    const times = new Map<string, number[]>();
    const all: number[] = [];
    const slowest: { ms: number; category: string; input: ListCustomersInput }[] = [];
    for (const call of calls) {
      const start = performance.now();
      await listCustomers(conn.db, call.input);
      const elapsed = performance.now() - start;
      all.push(elapsed);
      (times.get(call.category) ?? times.set(call.category, []).get(call.category)!).push(elapsed);
      slowest.push({ ms: elapsed, ...call });
    }

    const extra: [string, number[]][] = [];
    const optionTimes: number[] = [];
    for (let i = 0; i < 10; i++) {
      const s = performance.now();
      await listCustomerFilterOptions(conn.db, { tenantId, city: i % 2 ? "Lipa" : undefined });
      optionTimes.push(performance.now() - s);
    }
    extra.push(["filter options (page load)", optionTimes]);
    const exportTimes: number[] = [];
    for (const input of [{ tenantId }, { tenantId, city: "Lipa" }, { tenantId, search: "santos" }]) {
      const s = performance.now();
      await exportCustomersCsv(conn.db, input);
      exportTimes.push(performance.now() - s);
    }
    extra.push(["CSV export (all / city / search)", exportTimes]);

    console.log("");
    console.log("| workload | calls | p50 ms | p95 ms | max ms |");
    console.log("|---|---:|---:|---:|---:|");
    const line = (label: string, xs: number[]) => {
      const sorted = [...xs].sort((x, y) => x - y);
      console.log(`| ${label} | ${xs.length} | ${ms(pct(sorted, 50))} | ${ms(pct(sorted, 95))} | ${ms(sorted[sorted.length - 1])} |`);
    };
    const order = [...new Set(calls.map((c) => c.category))].sort((a, b) => categoryOrder.indexOf(a) - categoryOrder.indexOf(b));
    for (const category of order) line(category, times.get(category)!);
    line("**overall listCustomers**", all);
    for (const [label, xs] of extra) line(label, xs);

    console.log("\nslowest listCustomers calls:");
    for (const s of slowest.sort((x, y) => y.ms - x.ms).slice(0, 12)) {
      const { tenantId: _tenant, ...rest } = s.input;
      void _tenant;
      console.log(`  ${s.ms.toFixed(1)} ms  ${s.category}  ${JSON.stringify(rest)}`);
    }
    const p95 = pct(
      [...all].sort((x, y) => x - y),
      95,
    );
    console.log(
      `load average at end ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
    console.log(`\noverall p95 ${p95.toFixed(1)} ms — goal < ${GOAL_P95_MS} ms: ${p95 < GOAL_P95_MS ? "MET" : "MISSED"}`);
    process.exitCode = p95 < GOAL_P95_MS ? 0 : 1;
  } finally {
    await conn.close();
    if (process.env.BENCH_KEEP_DB === "1") console.log(`kept database ${DB_NAME} (BENCH_KEEP_DB=1) for EXPLAIN; drop it when done`);
    else {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`));
      console.log(`dropped database ${DB_NAME}`);
    }
  }
}

await main();
