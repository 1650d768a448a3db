import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PgDialect } from "drizzle-orm/pg-core";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { createOneOfEverything } from "@/tests/support/one-of-everything";
import { insertCustomer } from "@/tests/support/billing-documents";
import { insertInvoice, insertPayment } from "@/tests/support/billing";
import { AppError } from "@/lib/core/errors";
import { clock } from "@/lib/core/clock";
import { addDays, todayIn } from "@/lib/core/calendar";
import type { StaffRole } from "@/lib/auth/values";
import type { StaffContext } from "@/lib/auth/context";
import type { Connection } from "@/lib/db/connect";
import { compileReport, type ReportActor } from "./compile";
import { datasetCatalog } from "./datasets";
import { previewReport, streamReport } from "./run";
import { reportSpecSchema, type ReportSpecInput } from "./spec";
import { reportDatasets, type ReportDataset } from "./values";

let conn: Connection;
let ctx: Record<StaffRole, StaffContext>;
let other: Record<StaffRole, StaffContext>;
const TZ = "Asia/Manila";
const roles: StaffRole[] = ["owner", "admin", "billing", "support", "technician"];
const injected = `Robert'); DROP TABLE customers;--`;

beforeAll(async () => {
  conn = await createTestDatabase();
  const mine = await createTenantFixture(conn.db);
  const theirs = await createTenantFixture(conn.db, { name: "Other ISP" });
  ctx = mine.ctx;
  other = theirs.ctx;
  await createOneOfEverything(conn.db, mine);
  await createOneOfEverything(conn.db, theirs);
  const today = todayIn(TZ);
  const a = await insertCustomer(conn.db, mine.tenant.id, { name: injected, city: "Batangas City", accountNumber: "ACC-INJ" });
  const b = await insertCustomer(conn.db, mine.tenant.id, { name: "Maria Santos", city: "Batangas City", accountNumber: "ACC-MS" });
  await insertCustomer(conn.db, theirs.tenant.id, { name: "Secret Neighbour", city: "Batangas City", accountNumber: "ACC-OTHER" });
  await insertInvoice(conn.db, { tenantId: mine.tenant.id, customerId: a.id, issueDate: today, dueDate: addDays(today, 7), lines: [{ amount: 100_000 }] });
  await insertInvoice(conn.db, { tenantId: mine.tenant.id, customerId: b.id, issueDate: today, dueDate: addDays(today, 7), lines: [{ amount: 50_000 }] });
  await insertPayment(conn.db, { tenantId: mine.tenant.id, customerId: b.id, amount: 20_000, receivedAt: clock.now() });
});

afterAll(async () => conn?.close());

const actorOf = (c: StaffContext): ReportActor => ({ tenantId: c.tenantId, role: c.role, timeZone: TZ, now: clock.now() });
const spec = (input: ReportSpecInput) => reportSpecSchema.parse(input);
const preview = (c: StaffContext, input: ReportSpecInput) => previewReport(c.db, actorOf(c), spec(input));

async function refusal(run: () => unknown): Promise<AppError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected the report to be refused");
}

describe("permission matrix: each role × dataset and sensitive field", () => {
  // Written out, not derived from the permission table: a change to either shows here.
  const datasetsOf: Record<StaffRole, ReportDataset[]> = {
    owner: [...reportDatasets],
    admin: [...reportDatasets],
    billing: [...reportDatasets],
    support: [...reportDatasets],
    technician: ["customers", "subscriptions", "tickets", "usage", "incidents"],
  };
  const sensitive: { dataset: ReportDataset; field: string; roles: StaffRole[] }[] = [
    { dataset: "customers", field: "balance", roles: ["owner", "admin", "billing", "support"] },
    { dataset: "customers", field: "tin", roles: ["owner", "admin", "billing", "support"] },
    { dataset: "subscriptions", field: "staticIp", roles: ["owner", "admin", "billing", "support", "technician"] },
    { dataset: "subscriptions", field: "planPrice", roles: ["owner", "admin", "billing", "support", "technician"] },
  ];

  for (const role of roles) {
    for (const dataset of reportDatasets) {
      const allowed = datasetsOf[role].includes(dataset);
      it(`${role} ${allowed ? "may" : "may not"} report on ${dataset}`, async () => {
        if (allowed) {
          const result = await preview(ctx[role], { dataset });
          expect(result.columns.length).toBeGreaterThan(0);
        } else {
          const error = await refusal(() => preview(ctx[role], { dataset }));
          expect(error.code).toBe("forbidden");
          expect(error.fieldErrors?.dataset).toEqual(["Not available to your role"]);
        }
        expect(datasetCatalog(role).some((d) => d.key === dataset)).toBe(allowed);
      });
    }
    for (const { dataset, field, roles: allowedRoles } of sensitive) {
      const allowed = allowedRoles.includes(role);
      it(`${role} ${allowed ? "may" : "may not"} use ${dataset}.${field}`, async () => {
        if (allowed) await expect(preview(ctx[role], { dataset, columns: [field] })).resolves.toBeTruthy();
        else {
          const error = await refusal(() => preview(ctx[role], { dataset, columns: ["name", field] }));
          expect(error.fieldErrors).toEqual({ "columns.1": ["Not available to your role"] });
          // Nor as a filter, a group or a total.
          const asFilter = await refusal(() => preview(ctx[role], { dataset, filters: [{ field, op: "between", from: 0 }] }));
          expect(asFilter.fieldErrors?.["filters.0.field"]).toEqual(["Not available to your role"]);
        }
        const fields = datasetCatalog(role).find((d) => d.key === dataset)?.fields.map((f) => f.key) ?? [];
        expect(fields.includes(field)).toBe(allowed);
      });
    }
  }

  it("no dataset offers a password, a secret or a token", () => {
    const keys = datasetCatalog("owner").flatMap((d) => d.fields.map((f) => `${d.key}.${f.key}`));
    expect(keys.filter((k) => /password|secret|token|key|hash/i.test(k))).toEqual([]);
  });
});

describe("SQL safety: only whitelisted expressions and bound parameters reach SQL", () => {
  const hostile = [
    "name; drop table customers",
    'name" from tenants --',
    "1=1",
    "__proto__",
    "constructor",
    "toString",
    "hasOwnProperty",
    "name)--",
    "ｎａｍｅ",
    "name\u0000",
    "' or '1'='1",
    "c0",
    "customers.name",
    "pg_sleep(10)",
  ];

  it.each(hostile)("the field name %j is a field error wherever it is used", async (name) => {
    const cases: [ReportSpecInput, string][] = [
      [{ dataset: "customers", columns: [name] }, "columns.0"],
      [{ dataset: "customers", groupBy: [name] }, "groupBy.0"],
      [{ dataset: "customers", filters: [{ field: name, op: "equals", value: "x" }] }, "filters.0.field"],
      [{ dataset: "customers", aggregates: [{ fn: "sum", field: name }] }, "aggregates.0.field"],
    ];
    for (const [input, path] of cases) {
      const error = await refusal(() => preview(ctx.owner, input));
      expect(error.code).toBe("validation");
      expect(error.fieldErrors?.[path]).toEqual(["Unknown field"]);
    }
    const sorted = await refusal(() => preview(ctx.owner, { dataset: "customers", columns: ["name"], sort: { field: name, direction: "asc" } }));
    expect(sorted.fieldErrors?.["sort.field"]).toEqual(["Sort by one of the report's columns"]);
  });

  it("random names and values never reach the SQL text: they are refused or bound as parameters", () => {
    const dialect = new PgDialect();
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed / 2 ** 31);
    const alphabet = `abcXYZ;'"-()=*/\\%_ \u00e9\u2028`;
    const word = () => Array.from({ length: 3 + Math.floor(random() * 12) }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
    const fields = ["name", "city", "status", "createdAt", "balance"];
    for (let i = 0; i < 300; i++) {
      const value = `${word()}${injected}`;
      const field = random() < 0.3 ? word() : fields[Math.floor(random() * fields.length)];
      const op = (["equals", "contains", "in", "between", "last_days"] as const)[Math.floor(random() * 5)];
      const input = spec({ dataset: "customers", columns: ["name"], filters: [{ field, op, value, values: [value], from: value, to: value, days: 3 }] });
      try {
        const compiled = compileReport(input, actorOf(ctx.owner));
        const query = dialect.sqlToQuery(compiled.rows({ limit: 10, offset: 0 }));
        expect(query.sql).not.toContain(value);
        expect(query.sql).not.toContain("DROP TABLE");
      } catch (error) {
        expect(error).toBeInstanceOf(AppError);
        expect(Object.keys((error as AppError).fieldErrors ?? {}).every((k) => k.startsWith("filters.0."))).toBe(true);
      }
    }
  });

  it("an injection string as a value is a literal match", async () => {
    const result = await preview(ctx.owner, { dataset: "customers", columns: ["name", "accountNumber"], filters: [{ field: "name", op: "contains", value: "DROP TABLE customers;--" }] });
    expect(result.rows).toEqual([[injected, "ACC-INJ"]]);
    const exact = await preview(ctx.owner, { dataset: "customers", columns: ["accountNumber"], filters: [{ field: "name", op: "equals", value: injected }] });
    expect(exact.rows).toEqual([["ACC-INJ"]]);
    const wildcard = await preview(ctx.owner, { dataset: "customers", columns: ["name"], filters: [{ field: "name", op: "contains", value: "%" }] });
    expect(wildcard.rows).toEqual([]);
  });

  it("an enum filter takes only the listed values", async () => {
    const error = await refusal(() => preview(ctx.owner, { dataset: "customers", filters: [{ field: "status", op: "in", values: ["active", "x' or 1=1"] }] }));
    expect(error.fieldErrors?.["filters.0.values"]).toEqual(["Choose among the listed values"]);
    const wrongOp = await refusal(() => preview(ctx.owner, { dataset: "customers", filters: [{ field: "status", op: "contains", value: "act" }] }));
    expect(wrongOp.fieldErrors?.["filters.0.op"]).toEqual(["“Status” cannot be filtered that way"]);
  });
});

describe("tenant wall", () => {
  it("another ISP's rows never appear, in any dataset, for any filter", async () => {
    for (const dataset of reportDatasets) {
      const mine = await preview(ctx.owner, { dataset, aggregates: [{ fn: "count" }] });
      const theirs = await preview(other.owner, { dataset, aggregates: [{ fn: "count" }] });
      expect(mine.rowCount).toBe(mine.totals?.[0]);
      expect(theirs.rowCount).toBe(theirs.totals?.[0]);
    }
    const city = await preview(ctx.owner, { dataset: "customers", columns: ["name"], filters: [{ field: "city", op: "equals", value: "Batangas City" }] });
    expect(city.rows.map((r) => r[0]).sort()).toEqual(["Maria Santos", injected]);
    const theirs = await preview(other.owner, { dataset: "customers", columns: ["name"], filters: [{ field: "city", op: "equals", value: "Batangas City" }] });
    expect(theirs.rows).toEqual([["Secret Neighbour"]]);
  });

  it("the sources filter on the tenant even without the row-level wall", async () => {
    // The owner's handle bypasses row-level security: the tenant filter alone must hold.
    const result = await previewReport(conn.db, actorOf(ctx.owner), spec({ dataset: "customers", columns: ["name"], filters: [{ field: "city", op: "equals", value: "Batangas City" }] }));
    expect(result.rows.map((r) => r[0])).not.toContain("Secret Neighbour");
  });
});

describe("grouping, totals and relative dates", () => {
  it("groups invoices by customer with sums and a grand total, money in centavos", async () => {
    const result = await preview(ctx.billing, {
      dataset: "invoices",
      groupBy: ["customerName"],
      aggregates: [{ fn: "count" }, { fn: "sum", field: "total" }],
      filters: [{ field: "issueDate", op: "last_days", days: 1 }],
      sort: { field: "sum_total", direction: "desc" },
    });
    expect(result.columns.map((c) => c.key)).toEqual(["customerName", "count", "sum_total"]);
    expect(result.rows[0][0]).toBe(injected);
    expect(result.rows.length).toBe(2);
    expect(result.totals?.[0]).toBe(2);
    expect(result.totals?.[1]).toBe(Number(result.rows[0][2]) + Number(result.rows[1][2]));
  });

  it("this month's payments count the one received now; last month's do not", async () => {
    const now = await preview(ctx.owner, { dataset: "payments", columns: ["amount"], filters: [{ field: "receivedAt", op: "this_month" }, { field: "customerName", op: "equals", value: "maria santos" }] });
    expect(now.rows).toEqual([[20_000]]);
    const before = await preview(ctx.owner, { dataset: "payments", columns: ["amount"], filters: [{ field: "receivedAt", op: "last_month" }, { field: "customerName", op: "equals", value: "Maria Santos" }] });
    expect(before.rows).toEqual([]);
  });

  it("streams every row in batches with no repeats", async () => {
    const stream = await streamReport(ctx.owner.db, actorOf(ctx.owner), spec({ dataset: "customers", columns: ["accountNumber"] }), { batchSize: 2 });
    const seen: string[] = [];
    for await (const batch of stream.batches) seen.push(...batch.map((r) => String(r[0])));
    expect(seen.length).toBe(stream.rowCount);
    expect(new Set(seen).size).toBe(seen.length);
  });
});
