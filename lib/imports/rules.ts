import type { z } from "zod";
import { customerFieldsSchema, type CustomerFields } from "@/lib/customers/rules";
import { customerStatuses, type CustomerStatus } from "@/lib/customers/schema";
import { subscriptionFieldsSchema } from "@/lib/subscriptions/rules";
import type { SubscriptionStatus } from "@/lib/subscriptions/schema";
import { isFormulaLike, type ParsedCsv } from "@/lib/imports/csv";
import { importFields, subscriptionImportFields, type ImportField, type ImportMapping, type PreviewIssue } from "@/lib/imports/fields";

export { parseCsv, decodeCsvBytes, isFormulaLike, buildReportCsv } from "@/lib/imports/csv";
export { guessMapping, checkMapping } from "@/lib/imports/mapping";

/* Dates: ISO always; day/month order only when the numbers make it unambiguous. */

export function parseImportDate(value: string): { date: string } | { error: string } {
  let y: number, m: number, d: number;
  const iso = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(value);
  const local = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(value);
  if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else if (local) {
    const [a, b] = [Number(local[1]), Number(local[2])];
    y = Number(local[3]);
    if (a > 12 && b <= 12) [d, m] = [a, b];
    else if (b > 12 && a <= 12) [m, d] = [a, b];
    else if (a === b) [m, d] = [a, b];
    else if (a <= 12 && b <= 12) {
      return { error: `${value} could be day/month or month/day: write it as YYYY-MM-DD` };
    } else return { error: `${value} is not a date: use YYYY-MM-DD` };
  } else return { error: `${value} is not a date: use YYYY-MM-DD, e.g. 2024-03-15` };
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (y < 1970 || y > 2100 || dt.getUTCMonth() !== m - 1 || dt.getUTCDate() !== d) return { error: `${value} is not a real date` };
  return { date: `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}` };
}

/* Rows. */

export type ImportContext = {
  /** Upper-cased account numbers, lower-cased usernames and emails already in the tenant. */
  existingAccountNumbers: ReadonlySet<string>;
  existingUsernames: ReadonlySet<string>;
  existingEmails: ReadonlySet<string>;
  /** Keyed by lower-cased name. */
  plans: ReadonlyMap<string, { id: string; name: string; active: boolean }>;
  routers: ReadonlyMap<string, { id: string; name: string }>;
  /** Start date of a subscription row that gives none (YYYY-MM-DD in the tenant's time zone). */
  today: string;
};

export type ImportSubscription = {
  planId: string;
  planName: string;
  routerId: string | null;
  username?: string;
  password?: string;
  staticIp: string | null;
  startDate: string;
  status: SubscriptionStatus;
};
export type ValidRow = { line: number; accountNumber: string | null; fields: CustomerFields; subscription: ImportSubscription | null };
export type ValidationResult = { totalRows: number; valid: ValidRow[]; issues: PreviewIssue[]; errorRows: number; duplicateRows: number };

const customerKeyToField: Record<string, ImportField> = {
  name: "name",
  phone: "phone",
  altPhone: "alt_phone",
  email: "email",
  serviceAddress: "service_address",
  barangay: "barangay",
  city: "city",
  latitude: "latitude",
  longitude: "longitude",
  tags: "tags",
  notes: "notes",
  status: "status",
};
const subscriptionKeyToField: Record<string, ImportField> = {
  planId: "plan",
  routerId: "router",
  username: "username",
  password: "password",
  staticIp: "static_ip",
  startDate: "start_date",
};
const subscriptionStatusOf: Record<CustomerStatus, SubscriptionStatus> = {
  active: "active",
  suspended: "suspended",
  terminated: "terminated",
  lead: "pending",
};
const ACCOUNT_NUMBER = /^[A-Za-z0-9][A-Za-z0-9 ._/#-]{0,39}$/;
const PLACEHOLDER_ID = "00000000-0000-4000-8000-000000000000";

/**
 * Every row checked against the customer and subscription schemas, the tenant's plans and
 * routers, and for duplicates (account number, username, email) in the file and in the tenant.
 * The first occurrence of a value in the file keeps it; later ones are reported as duplicates.
 */
export function validateRows(
  csv: Pick<ParsedCsv, "headers" | "rows" | "problems">,
  mapping: ImportMapping,
  context: ImportContext,
): ValidationResult {
  const column = new Map<ImportField, number>();
  csv.headers.forEach((h, i) => {
    const target = mapping[h];
    if (target && target !== "ignore" && !column.has(target)) column.set(target, i);
  });
  const seen = { account: new Map<string, number>(), username: new Map<string, number>(), email: new Map<string, number>() };
  const fileProblems = new Map<number, PreviewIssue[]>();
  for (const p of csv.problems) fileProblems.set(p.line, [...(fileProblems.get(p.line) ?? []), p]);
  const planNames = [...context.plans.values()].filter((p) => p.active).map((p) => p.name);
  const result: ValidationResult = { totalRows: csv.rows.length, valid: [], issues: [], errorRows: 0, duplicateRows: 0 };

  for (const { line, cells } of csv.rows) {
    const issues: PreviewIssue[] = [...(fileProblems.get(line) ?? [])];
    // One error per field and row: a formula-like name is not also reported as "Name is required".
    const error = (field: ImportField | undefined, message: string) => {
      if (!field || !issues.some((i) => i.field === field && i.kind === "error")) issues.push({ line, field, message, kind: "error" });
    };
    const duplicate = (field: ImportField, message: string) => issues.push({ line, field, message, kind: "duplicate" });
    const raw = {} as Record<ImportField, string>;
    for (const f of importFields) {
      const i = column.get(f);
      let value = i === undefined ? "" : (cells[i] ?? "").trim();
      if (value && f !== "password" && isFormulaLike(f, value)) {
        error(f, `Formula-like values are not imported (starts with "${value[0]}")`);
        value = "";
      }
      raw[f] = value;
    }

    // Customer.
    for (const f of ["latitude", "longitude"] as const) {
      if (raw[f] && !/^[-+]?\d+(\.\d+)?$/.test(raw[f])) {
        error(
          f,
          `${f === "latitude" ? "Latitude" : "Longitude"} must be a number like ${f === "latitude" ? "14.5995" : "120.9842"}${raw[f].includes(",") ? " (use a dot for decimals)" : ""}`,
        );
        raw[f] = "";
      }
    }
    let status: CustomerStatus = "active";
    if (raw.status) {
      const s = raw.status.toLowerCase();
      if ((customerStatuses as readonly string[]).includes(s)) status = s as CustomerStatus;
      else error("status", `Status "${raw.status}" is not one of active, suspended, terminated, lead`);
    }
    const customer = customerFieldsSchema.safeParse({
      name: raw.name,
      phone: raw.phone,
      altPhone: raw.alt_phone,
      email: raw.email,
      serviceAddress: raw.service_address,
      barangay: raw.barangay,
      city: raw.city,
      latitude: raw.latitude,
      longitude: raw.longitude,
      tags: [
        ...new Set(
          raw.tags
            .split(/[;|]/)
            .map((t) => t.trim())
            .filter(Boolean),
        ),
      ],
      notes: raw.notes,
      status,
    });
    if (!customer.success) addSchemaIssues(customer.error, customerKeyToField, error);

    let accountNumber: string | null = null;
    if (raw.account_number) {
      if (ACCOUNT_NUMBER.test(raw.account_number)) accountNumber = raw.account_number;
      else error("account_number", "Account numbers use up to 40 letters, digits, spaces or . _ / # -");
    }

    // Subscription.
    let subscription: ImportSubscription | null = null;
    if (subscriptionImportFields.some((f) => raw[f])) {
      const plan = raw.plan ? context.plans.get(raw.plan.toLowerCase()) : undefined;
      if (!raw.plan) error("plan", "A row with subscription details needs a plan");
      else if (!plan)
        error("plan", `Unknown plan "${raw.plan}"${planNames.length ? `: use one of ${listOf(planNames)}` : ": create your plans first"}`);
      else if (!plan.active) error("plan", `Plan "${plan.name}" is inactive`);
      const router = raw.router ? context.routers.get(raw.router.toLowerCase()) : undefined;
      if (raw.router && !router) error("router", `Unknown router "${raw.router}"`);
      let startDate = context.today;
      if (raw.start_date) {
        const parsed = parseImportDate(raw.start_date);
        if ("error" in parsed) error("start_date", parsed.error);
        else startDate = parsed.date;
      }
      const sub = subscriptionFieldsSchema.safeParse({
        planId: plan?.id ?? PLACEHOLDER_ID,
        routerId: router?.id ?? "",
        username: raw.username,
        password: raw.password,
        staticIp: raw.static_ip,
        startDate,
        status: subscriptionStatusOf[status],
      });
      if (!sub.success) addSchemaIssues(sub.error, subscriptionKeyToField, error);
      else if (plan) subscription = { ...sub.data, routerId: sub.data.routerId ?? null, staticIp: sub.data.staticIp ?? null, planName: plan.name };
    }

    // Duplicates, in the tenant and earlier in the file.
    const checkDuplicate = (kind: keyof typeof seen, field: ImportField, key: string, label: string, existing: ReadonlySet<string>) => {
      const earlier = seen[kind].get(key);
      if (existing.has(key)) duplicate(field, `${label} already exists in your customer list`);
      else if (earlier !== undefined) duplicate(field, `${label} also appears on line ${earlier}`);
      else seen[kind].set(key, line);
    };
    if (accountNumber)
      checkDuplicate("account", "account_number", accountNumber.toUpperCase(), `Account number ${accountNumber}`, context.existingAccountNumbers);
    const username = subscription?.username ?? (raw.username && !issues.some((i) => i.field === "username") ? raw.username.toLowerCase() : "");
    if (username) checkDuplicate("username", "username", username, `Username ${username}`, context.existingUsernames);
    const email = customer.success ? customer.data.email : "";
    if (email) checkDuplicate("email", "email", email, `Email ${email}`, context.existingEmails);

    result.issues.push(...issues);
    if (issues.some((i) => i.kind !== "duplicate")) result.errorRows++;
    else if (issues.length > 0) result.duplicateRows++;
    else if (customer.success) result.valid.push({ line, accountNumber, fields: customer.data, subscription });
  }
  return result;
}

function addSchemaIssues(error: z.ZodError, keyToField: Record<string, ImportField>, add: (field: ImportField | undefined, message: string) => void) {
  const done = new Set<string>();
  for (const issue of error.issues) {
    const field = keyToField[String(issue.path[0])];
    if (done.has(field)) continue;
    done.add(field);
    add(field, issue.message);
  }
}

const listOf = (names: string[]) => (names.length <= 5 ? names.join(", ") : `${names.slice(0, 5).join(", ")} …`);
