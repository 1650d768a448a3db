import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, count, eq, sql } from "drizzle-orm";
import { createTestDatabase, testDriver } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { customers } from "@/lib/customers/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { servicePlans } from "@/lib/plans/schema";
import { routers } from "@/lib/routers/schema";
import { tenants } from "@/lib/tenants/schema";
import { auditLog } from "@/lib/audit/schema";
import { importJobs } from "@/lib/imports/schema";
import { analyzeImport, failInterruptedImports, previewImport, runImport } from "@/lib/imports/service";
import { getImportJob, importReportRows } from "@/lib/imports/queries";
import { getImportJobStatus } from "@/lib/imports/actions/get-import-job";
import { executeAction } from "@/lib/core/action";
import { decryptSecret, encryptSecret } from "@/lib/core/crypto";
import type { ImportEvent, ImportMapping } from "@/lib/imports/fields";
import type { Connection } from "@/lib/db/connect";
import type { Db } from "@/lib/db/types";
import { addWebhookEndpoint, queuedWebhookEvents } from "@/tests/support/webhooks";

let conn: Connection;
let db: Db;
beforeAll(async () => {
  conn = await createTestDatabase();
  db = conn.db;
});
afterAll(async () => conn?.close());

const HEADER = "Customer Name,Account No,Mobile,Email,City,Plan,Router,PPPoE Username,Password,Start Date,Tags,Latitude";
const MAPPING: ImportMapping = {
  "Customer Name": "name",
  "Account No": "account_number",
  Mobile: "phone",
  Email: "email",
  City: "city",
  Plan: "plan",
  Router: "router",
  "PPPoE Username": "username",
  Password: "password",
  "Start Date": "start_date",
  Tags: "tags",
  Latitude: "latitude",
};
const csvOf = (rows: string[]) => [HEADER, ...rows].join("\r\n") + "\r\n";

async function ispWithPlans(options: { saasPlanId?: string } = {}) {
  const fx = await createTenantFixture(db, options);
  await db.insert(servicePlans).values([
    { tenantId: fx.tenant.id, name: "Fiber 50", type: "pppoe", downloadKbps: 50_000, uploadKbps: 50_000, priceCentavos: 129_900 },
    { tenantId: fx.tenant.id, name: "Wireless 10", type: "pppoe", downloadKbps: 10_000, uploadKbps: 5_000, priceCentavos: 69_900 },
  ]);
  await db
    .insert(routers)
    .values({ tenantId: fx.tenant.id, name: "Lipa-CCR1", host: "127.0.0.1", apiPort: 1, username: "api", passwordEncrypted: encryptSecret("x") });
  return { ...fx, owner: fx.ctx.owner };
}
const countWhere = async (table: typeof customers | typeof subscriptions, tenantId: string) =>
  (await db.select({ n: count() }).from(table).where(eq(table.tenantId, tenantId)))[0].n;
const importedAudits = async (tenantId: string) =>
  (
    await db
      .select({ n: count() })
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.action, "customer.imported")))
  )[0].n;

describe("CSV import", () => {
  // How fast is for a benchmark, not this test (a timed assertion fails on a busy machine); it reports the time it took.
  it("imports 10,000 customers with subscriptions in one go", { timeout: 180_000 }, async () => {
    const { tenant, owner } = await ispWithPlans();
    const rows = Array.from({ length: 10_000 }, (_, i) =>
      [
        `Customer ${i} Peñaflor`,
        i % 4 === 0 ? `OLD-${i}` : "",
        `0917 ${String(1_000_000 + i).slice(0, 3)} ${String(i).padStart(4, "0")}`,
        `c${i}@example.ph`,
        i % 2 ? "Lipa" : "Tanauan",
        i % 3 ? "Fiber 50" : "wireless 10",
        i % 5 ? "Lipa-CCR1" : "",
        i % 2 ? `user${i}` : "",
        i % 2 ? `pass-${i}` : "",
        "2024-03-15",
        i % 7 ? "" : "fiber; VIP|fiber",
        i % 7 ? "" : "-13.95",
      ].join(","),
    );
    const events: ImportEvent[] = [];
    const started = performance.now();
    const outcome = await runImport(db, owner, {
      csvText: csvOf(rows),
      mapping: MAPPING,
      strict: true,
      fileName: "big.csv",
      onEvent: (e) => events.push(e),
    });
    const seconds = (performance.now() - started) / 1000;
    console.log(`[imports] 10,000 rows imported on ${testDriver} in ${seconds.toFixed(2)} s`);
    expect(outcome).toMatchObject({ status: "completed", importedRows: 10_000, skippedRows: 0 });
    expect(events[0]).toMatchObject({ type: "job", total: 10_000 });
    expect(events.filter((e) => e.type === "progress" && e.phase === "saving").length).toBe(10);

    expect(await countWhere(customers, tenant.id)).toBe(10_000);
    expect(await countWhere(subscriptions, tenant.id)).toBe(10_000);
    expect(await importedAudits(tenant.id)).toBe(10_000);
    const [{ distinct }] = await db
      .select({ distinct: sql<number>`count(distinct ${customers.accountNumber})::int` })
      .from(customers)
      .where(eq(customers.tenantId, tenant.id));
    expect(distinct).toBe(10_000);
    const [job] = await db.select().from(importJobs).where(eq(importJobs.id, outcome.jobId));
    expect(job).toMatchObject({ status: "completed", totalRows: 10_000, processedRows: 10_000, importedRows: 10_000, skippedRows: 0 });

    // Given usernames and passwords are kept (encrypted); missing ones come from the account number.
    const [sub1] = await db
      .select()
      .from(subscriptions)
      .where(and(eq(subscriptions.tenantId, tenant.id), eq(subscriptions.username, "user1")));
    expect(decryptSecret(sub1.passwordEncrypted)).toBe("pass-1");
    const [c0] = await db
      .select()
      .from(customers)
      .where(and(eq(customers.tenantId, tenant.id), eq(customers.accountNumber, "OLD-0")));
    expect(c0.searchText).toContain("old-0");
    const [c2] = await db
      .select()
      .from(customers)
      .where(and(eq(customers.tenantId, tenant.id), eq(customers.name, "Customer 2 Peñaflor")));
    expect(c2.accountNumber).toMatch(/^ACC-\d{6}$/);
    const [sub2] = await db.select().from(subscriptions).where(eq(subscriptions.customerId, c2.id));
    expect(sub2.username).toBe(c2.accountNumber.toLowerCase());
    expect(decryptSecret(sub2.passwordEncrypted)).toMatch(/^[A-Za-z0-9]{10}$/);
    const [timeline] = await db.select().from(auditLog).where(eq(auditLog.customerId, c2.id));
    expect(timeline).toMatchObject({ action: "customer.imported", entityId: c2.id, after: { line: 4, importJobId: outcome.jobId } });
    expect(c0).toMatchObject({ tags: ["fiber", "vip"], latitude: -13.95, longitude: null });
    expect(JSON.stringify(timeline.after)).not.toContain("pass-");
  });

  it("strict mode refuses a file with one bad row and writes nothing", async () => {
    const { tenant, owner } = await ispWithPlans();
    const csvText = csvOf(["Ana,,0917 123 4567,ana@x.ph,Lipa,Fiber 50,,,,", "Ben,,0917 123 4568,not-an-email,Lipa,,,,,"]);
    const outcome = await runImport(db, owner, { csvText, mapping: MAPPING, strict: true, fileName: "strict.csv" });
    expect(outcome).toMatchObject({ status: "refused", importedRows: 0, skippedRows: 2 });
    expect(outcome.message).toMatch(/Strict mode/);
    expect(await countWhere(customers, tenant.id)).toBe(0);
    expect(await importedAudits(tenant.id)).toBe(0);
    const job = await getImportJob(db, { tenantId: tenant.id, jobId: outcome.jobId });
    expect(job.status).toBe("refused");
    expect(job.issues).toContainEqual(expect.objectContaining({ line: 3, field: "email" }));
    expect((await db.select().from(tenants).where(eq(tenants.id, tenant.id)))[0].nextAccountSeq).toBe(1);
  });

  it("skip mode imports the valid rows and reports the others by line", async () => {
    const { tenant, owner } = await ispWithPlans();
    const csvText = csvOf([
      "Ana,,0917 123 4567,ana@x.ph,Lipa,Fiber 50,,,,",
      "Ben,,0917 123 4568,ben@x.ph,Lipa,Fiber 999,,,,",
      "Cy,,,,Lipa,,,,,",
      "Di,,,,Lipa,Fiber 50,Nowhere,,,31/02/2024",
    ]);
    const preview = await previewImport(db, owner, { csvText, mapping: MAPPING });
    expect(preview).toMatchObject({ totalRows: 4, validRows: 2, errorRows: 2, duplicateRows: 0, cap: { ok: true } });
    expect(preview.issues.map((i) => [i.line, i.field])).toEqual([
      [3, "plan"],
      [5, "router"],
      [5, "start_date"],
    ]);
    const outcome = await runImport(db, owner, { csvText, mapping: MAPPING, strict: false, fileName: "skip.csv" });
    expect(outcome).toMatchObject({ status: "completed", importedRows: 2, skippedRows: 2 });
    expect((await db.select({ name: customers.name }).from(customers).where(eq(customers.tenantId, tenant.id))).map((c) => c.name).sort()).toEqual([
      "Ana",
      "Cy",
    ]);
    expect(await countWhere(subscriptions, tenant.id)).toBe(1);
    const report = await importReportRows(db, { tenantId: tenant.id, jobId: outcome.jobId });
    expect(report.map((r) => [r.line, r.status, r.accountNumber])).toEqual([
      [2, "imported", "ACC-000001"],
      [3, "skipped", ""],
      [4, "imported", "ACC-000002"],
      [5, "skipped", ""],
    ]);
    expect(report[1].reason).toMatch(/plan: Unknown plan "Fiber 999"/);
  });

  it("queues customer.created for each imported customer and subscription.activated for each active service, in the import's transaction", async () => {
    const { tenant, owner } = await ispWithPlans();
    await addWebhookEndpoint(db, tenant.id, ["customer.created", "subscription.activated"]);
    const refused = csvOf(["Ana,,0917 123 4567,ana@x.ph,Lipa,Fiber 50,,,,", "Ben,,0917 123 4568,not-an-email,Lipa,,,,,"]);
    await runImport(db, owner, { csvText: refused, mapping: MAPPING, strict: true, fileName: "strict.csv" });
    expect(await queuedWebhookEvents(db, tenant.id)).toEqual([]);

    const rows = Array.from({ length: 1500 }, (_, i) => `Customer ${i},,0917 555 ${String(i).padStart(4, "0")},c${i}@example.ph,Lipa,Fiber 50,,,,`);
    const outcome = await runImport(db, owner, { csvText: csvOf(rows), mapping: MAPPING, strict: true, fileName: "many.csv" });
    expect(outcome).toMatchObject({ status: "completed", importedRows: 1500 });
    const events = await queuedWebhookEvents(db, tenant.id, "customer.created");
    expect(events).toHaveLength(1500);
    const ana = events.find((event) => event.data.name === "Customer 7");
    const [row] = await db.select().from(customers).where(and(eq(customers.tenantId, tenant.id), eq(customers.name, "Customer 7")));
    expect(ana?.data).toMatchObject({ id: row.id, accountNumber: row.accountNumber, email: "c7@example.ph", city: "Lipa", status: "active", source: "import" });
    const activated = await queuedWebhookEvents(db, tenant.id, "subscription.activated");
    expect(activated).toHaveLength(1500);
    const [service] = await db.select().from(subscriptions).where(eq(subscriptions.customerId, row.id));
    expect(activated.find((event) => event.data.customerId === row.id)?.data).toMatchObject({
      id: service.id,
      username: service.username,
      status: "active",
      previousStatus: null,
      startDate: service.startDate,
    });
  });

  it("reports duplicates in the file and against the tenant's customers, never doubling them", async () => {
    const { tenant, owner } = await ispWithPlans();
    await runImport(db, owner, {
      csvText: csvOf(["Old,OLD-1,,old@x.ph,Lipa,Fiber 50,,olduser,,"]),
      mapping: MAPPING,
      strict: true,
      fileName: "a.csv",
    });
    const csvText = csvOf([
      "Ana,OLD-1,,,Lipa,,,,,",
      "Ben,,,OLD@x.ph,Lipa,,,,,",
      "Cy,,,,Lipa,Fiber 50,,OldUser,,",
      "Di,NEW-1,,di@x.ph,Lipa,Fiber 50,,diuser,,",
      "Di again,new-1,,di@x.ph,Lipa,Fiber 50,,diuser,,",
    ]);
    const preview = await previewImport(db, owner, { csvText, mapping: MAPPING });
    expect(preview).toMatchObject({ validRows: 1, duplicateRows: 4, errorRows: 0 });
    expect(preview.issues.map((i) => [i.line, i.field, i.kind])).toEqual([
      [2, "account_number", "duplicate"],
      [3, "email", "duplicate"],
      [4, "username", "duplicate"],
      [6, "account_number", "duplicate"],
      [6, "username", "duplicate"],
      [6, "email", "duplicate"],
    ]);
    const outcome = await runImport(db, owner, { csvText, mapping: MAPPING, strict: false, fileName: "dup.csv" });
    expect(outcome).toMatchObject({ importedRows: 1, skippedRows: 4 });
    expect(await countWhere(customers, tenant.id)).toBe(2);
    // Re-importing the same file adds nothing.
    const again = await runImport(db, owner, { csvText, mapping: MAPPING, strict: false, fileName: "dup.csv" });
    expect(again).toMatchObject({ status: "refused", importedRows: 0 });
    expect(await countWhere(customers, tenant.id)).toBe(2);
  });

  it("refuses, before writing, an import that would exceed the plan's customer cap", async () => {
    const { tenant, owner } = await ispWithPlans({ saasPlanId: "basic" });
    await runImport(db, owner, { csvText: csvOf(["First,,,,Lipa,,,,,"]), mapping: MAPPING, strict: true, fileName: "one.csv" });
    const before = await countWhere(customers, tenant.id);
    const csvText = csvOf(Array.from({ length: 100 }, (_, i) => `Row ${i},,,,Lipa,,,,,`));
    const preview = await previewImport(db, owner, { csvText, mapping: MAPPING });
    expect(preview.cap).toMatchObject({ ok: false, upgradeUrl: "/settings/plan", used: 1, limit: 100 });
    expect(preview.cap.message).toMatch(/allows 100 customers/);
    const outcome = await runImport(db, owner, { csvText, mapping: MAPPING, strict: false, fileName: "cap.csv" });
    expect(outcome).toMatchObject({ status: "refused", importedRows: 0, upgradeUrl: "/settings/plan" });
    expect(await countWhere(customers, tenant.id)).toBe(before);
  });

  it("leaves other tenants alone and ignores their data for duplicates", async () => {
    const a = await ispWithPlans();
    const b = await ispWithPlans();
    await runImport(db, b.owner, {
      csvText: csvOf(["B1,SAME-1,,same@x.ph,Lipa,Fiber 50,,sameuser,,"]),
      mapping: MAPPING,
      strict: true,
      fileName: "b.csv",
    });
    const bBefore = await db.select().from(customers).where(eq(customers.tenantId, b.tenant.id));
    const outcome = await runImport(db, a.owner, {
      csvText: csvOf(["A1,SAME-1,,same@x.ph,Lipa,Fiber 50,,sameuser,,"]),
      mapping: MAPPING,
      strict: true,
      fileName: "a.csv",
    });
    expect(outcome).toMatchObject({ status: "completed", importedRows: 1 });
    expect(await db.select().from(customers).where(eq(customers.tenantId, b.tenant.id))).toEqual(bBefore);
    await expect(getImportJob(db, { tenantId: b.tenant.id, jobId: outcome.jobId })).rejects.toMatchObject({ code: "not_found" });
    await expect(executeAction(getImportJobStatus.definition, b.owner, { jobId: outcome.jobId })).rejects.toMatchObject({ code: "not_found" });
    await expect(executeAction(getImportJobStatus.definition, a.owner, { jobId: "nope" })).rejects.toMatchObject({ code: "not_found" });
    await expect(executeAction(getImportJobStatus.definition, a.ctx.support, { jobId: outcome.jobId })).rejects.toMatchObject({ code: "forbidden" });
    expect(await executeAction(getImportJobStatus.definition, a.owner, { jobId: outcome.jobId })).toMatchObject({
      status: "completed",
      importedRows: 1,
    });
  });

  it("remembers the confirmed mapping for the next file", async () => {
    const { tenant, owner } = await ispWithPlans();
    const bytes = new TextEncoder().encode("\uFEFFClient,Contact,Misc\nAna,0917 123 4567,x\n");
    const first = await analyzeImport(db, owner, { bytes, fileName: "m.csv" });
    expect(first).toMatchObject({ remembered: false, rowCount: 1, mapping: { Client: "name", Contact: "phone", Misc: "ignore" } });
    await previewImport(db, owner, {
      csvText: "Client,Contact,Misc\nAna,0917 123 4567,x\n",
      mapping: { Client: "name", Contact: "alt_phone", Misc: "notes" },
    });
    const [row] = await db.select({ m: tenants.importMapping }).from(tenants).where(eq(tenants.id, tenant.id));
    expect(row.m).toEqual({ Client: "name", Contact: "alt_phone", Misc: "notes" });
    const second = await analyzeImport(db, owner, { bytes, fileName: "m.csv" });
    expect(second).toMatchObject({ remembered: true, mapping: { Client: "name", Contact: "alt_phone", Misc: "notes" } });
    await expect(previewImport(db, owner, { csvText: "Client\nAna\n", mapping: { Client: "ignore" } })).rejects.toThrow(/Map one column to Name/);
  });

  it("rejects formula-like cells but keeps +63 phone numbers", async () => {
    const { tenant, owner } = await ispWithPlans();
    const csvText = csvOf(['=HYPERLINK("http://x"),,,,Lipa,,,,,', "Ana,,+63 917 123 4567,,@city,,,,,", "Ben,,+63 917 123 4568,,Lipa,,,,,"]);
    const outcome = await runImport(db, owner, { csvText, mapping: MAPPING, strict: false, fileName: "f.csv" });
    expect(outcome).toMatchObject({ importedRows: 1, skippedRows: 2 });
    const job = await getImportJob(db, { tenantId: tenant.id, jobId: outcome.jobId });
    expect(job.issues.map((i) => [i.line, i.field, i.message])).toEqual([
      [2, "name", 'Formula-like values are not imported (starts with "=")'],
      [3, "city", 'Formula-like values are not imported (starts with "@")'],
    ]);
    expect((await db.select({ phone: customers.phone }).from(customers).where(eq(customers.tenantId, tenant.id)))[0].phone).toBe("+63 917 123 4568");
  });

  it("refuses a file that is not UTF-8 before anything is recorded", async () => {
    const { tenant, owner } = await ispWithPlans();
    const cp1252 = new Uint8Array([...new TextEncoder().encode("name,city\nJuan Pe"), 0xf1, ...new TextEncoder().encode("a,Lipa\n")]);
    await expect(analyzeImport(db, owner, { bytes: cp1252, fileName: "win.csv" })).rejects.toThrow(/The file is not UTF-8: save it as CSV UTF-8/);
    expect((await db.select({ n: count() }).from(importJobs).where(eq(importJobs.tenantId, tenant.id)))[0].n).toBe(0);
    expect(await countWhere(customers, tenant.id)).toBe(0);
  });

  it("rolls everything back and marks the job failed when a write fails", async () => {
    const { tenant, owner } = await ispWithPlans();
    await db.execute(sql`create or replace function ns_test_boom() returns trigger language plpgsql as $$
      begin if new.username = 'boom' then raise exception 'boom'; end if; return new; end $$`);
    await db.execute(sql`create trigger ns_test_boom before insert on subscriptions for each row execute function ns_test_boom()`);
    try {
      const csvText = csvOf(["Ana,,,,Lipa,Fiber 50,,ana1,,", "Ben,,,,Lipa,Fiber 50,,boom,,"]);
      const outcome = await runImport(db, owner, { csvText, mapping: MAPPING, strict: true, fileName: "boom.csv" });
      expect(outcome).toMatchObject({ status: "failed", importedRows: 0 });
      const job = await getImportJob(db, { tenantId: tenant.id, jobId: outcome.jobId });
      expect(job.status).toBe("failed");
      expect(job.issues[0]).toMatchObject({ line: 0, message: expect.stringMatching(/nothing was imported/) });
      expect(await countWhere(customers, tenant.id)).toBe(0);
      expect(await importedAudits(tenant.id)).toBe(0);
      expect((await db.select().from(tenants).where(eq(tenants.id, tenant.id)))[0].nextAccountSeq).toBe(1);
    } finally {
      await db.execute(sql`drop trigger ns_test_boom on subscriptions`);
    }
  });
});

describe("interrupted imports", () => {
  it("marks a job left running by a dead process as failed, and leaves recent ones on a shared database", async () => {
    const { ctx } = await createTenantFixture(conn.db);
    const [old] = await conn.db
      .insert(importJobs)
      .values({ tenantId: ctx.owner.tenantId, fileName: "old.csv", status: "running", createdAt: new Date(Date.now() - 3_600_000) })
      .returning();
    const [fresh] = await conn.db.insert(importJobs).values({ tenantId: ctx.owner.tenantId, fileName: "new.csv", status: "running" }).returning();
    expect(await failInterruptedImports(conn.db, { olderThanMinutes: 30 })).toBe(1);
    const rows = await conn.db.select().from(importJobs);
    expect(rows.find((r) => r.id === old.id)).toMatchObject({ status: "failed" });
    expect(rows.find((r) => r.id === fresh.id)).toMatchObject({ status: "running" });
  });
});
