import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { onDay } from "@/tests/support/billing";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertPlan } from "@/tests/support/network";
import { actorOf, recordAudit } from "@/lib/audit/record";
import { creditNotes, invoices } from "@/lib/billing/schema";
import { customers } from "@/lib/customers/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { tenants } from "@/lib/tenants/schema";
import { runBilling } from "@/lib/billing/run";
import { changePlan } from "@/lib/billing/plan-change";
import { terminateSubscription } from "@/lib/billing/termination";
import { issueCreditNote } from "@/lib/billing/invoices";
import { deriveBalances } from "@/lib/billing/ledger";
import { loadCreditNoteDocument } from "@/lib/billing/documents/load-receipt";
import { addDays, todayIn } from "@/lib/core/calendar";
import { encryptSecret } from "@/lib/core/crypto";
import { taxReport } from "@/lib/reports/tax";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => {
  await conn?.close();
});

async function setup({ taxInclusive = true, customerExempt = false } = {}) {
  const fixture = await createTenantFixture(conn.db);
  await conn.db
    .update(tenants)
    .set({ billingAnchor: "billing_day", billingDay: 1, billingMode: "prepaid", paymentTermsDays: 7, vatRateBps: 1200, taxInclusive })
    .where(eq(tenants.id, fixture.tenant.id));
  const fiber50 = await insertPlan(conn.db, fixture.tenant.id, { name: "Fiber 50", priceCentavos: 99_900, taxInclusive });
  const fiber100 = await insertPlan(conn.db, fixture.tenant.id, { name: "Fiber 100", priceCentavos: 149_900, taxInclusive });
  // Billing needs no router: the subscription has none.
  const [customer] = await conn.db
    .insert(customers)
    .values({ tenantId: fixture.tenant.id, accountNumber: `ACC-${randomUUID().slice(0, 8)}`, name: "Maria Santos", taxExempt: customerExempt })
    .returning();
  const [subscription] = await conn.db
    .insert(subscriptions)
    .values({
      tenantId: fixture.tenant.id,
      customerId: customer.id,
      planId: fiber100.id,
      username: `cn${fixture.tenant.id.slice(0, 6)}`,
      passwordEncrypted: encryptSecret("pw"),
      startDate: "2026-11-01",
      status: "active",
    })
    .returning();
  const billing = actorOf(fixture.ctx.billing);
  await runBilling(conn.db, billing, { billUpTo: "2026-11-01", now: onDay("2026-11-01"), trigger: "manual" });
  return { ...fixture, fiber50, fiber100, customer, subscription, billing };
}

const notesOf = (tenantId: string) => conn.db.select().from(creditNotes).where(eq(creditNotes.tenantId, tenantId));
const splitOf = (n: typeof creditNotes.$inferSelect) => ({
  vatable: n.vatableCentavos,
  exempt: n.exemptCentavos,
  vat: n.taxCentavos,
  total: n.amountCentavos,
});

/** The VAT report around today, when the credit notes of these tests are issued. */
async function creditsReported(tenantId: string) {
  const today = todayIn("Asia/Manila");
  const report = await taxReport(conn.db, { tenantId, from: addDays(today, -1), to: addDays(today, 1) });
  const { count, vatableCentavos, exemptCentavos, vatCentavos, totalCentavos } = report.totals.credits;
  return { count, vatable: vatableCentavos, exempt: exemptCentavos, vat: vatCentavos, total: totalCentavos };
}

describe("credit notes carry their VAT split and lower output VAT", () => {
  it.each`
    pricing            | taxInclusive | vatable   | vat      | total
    ${"VAT-inclusive"} | ${true}      | ${22_322} | ${2_678} | ${25_000}
    ${"VAT-exclusive"} | ${false}     | ${25_000} | ${3_000} | ${28_000}
  `("a $pricing prepaid downgrade's credit note (not linked to an invoice) is in the VAT report", async ({ taxInclusive, vatable, vat, total }) => {
    const env = await setup({ taxInclusive });
    const result = await changePlan(conn.db, env.billing, { subscriptionId: env.subscription.id, planId: env.fiber50.id, today: "2026-11-16" });
    expect(result.creditCentavos).toBe(total);
    const [note] = await notesOf(env.tenant.id);
    expect(note.invoiceId).toBeNull();
    // 15 unused days: −₱749.50 of Fiber 100 + ₱499.50 of Fiber 50, each line taxed like an invoice line.
    expect(splitOf(note)).toEqual({ vatable, exempt: 0, vat, total });
    expect(await creditsReported(env.tenant.id)).toEqual({ count: 1, vatable, exempt: 0, vat, total });
    for (const b of await deriveBalances(conn.db, { tenantId: env.tenant.id })) expect(b.stored).toBe(b.derived);
  });

  it.each`
    customer              | customerExempt | vatable   | exempt    | vat
    ${"a VAT-registered"} | ${false}       | ${66_920} | ${0}      | ${8_030}
    ${"a VAT-exempt"}     | ${true}        | ${0}      | ${74_950} | ${0}
  `("a termination credit for $customer customer is in the VAT report with its split", async ({ customerExempt, vatable, exempt, vat }) => {
    const env = await setup({ customerExempt });
    const ended = await terminateSubscription(conn.db, env.billing, {
      subscriptionId: env.subscription.id,
      reason: "Moving away",
      today: "2026-11-15",
    });
    // 15 unused days (Nov 16–30) of 30 on Fiber 100 at ₱1,499, VAT included.
    expect(ended.creditCentavos).toBe(74_950);
    const [note] = await notesOf(env.tenant.id);
    expect(note.invoiceId).toBeNull();
    expect(splitOf(note)).toEqual({ vatable, exempt, vat, total: 74_950 });
    expect(await creditsReported(env.tenant.id)).toEqual({ count: 1, vatable, exempt, vat, total: 74_950 });
  });

  it("a credit against an invoice takes back the invoice's VAT share; the PDF data shows the split", async () => {
    const env = await setup();
    const [invoice] = await conn.db.select().from(invoices).where(eq(invoices.tenantId, env.tenant.id));
    const { creditNoteId } = await issueCreditNote(conn.db, env.billing, { invoiceId: invoice.id, amountCentavos: 30_000, reason: "Outage" });
    const [note] = await notesOf(env.tenant.id);
    expect(splitOf(note)).toEqual({ vatable: 26_786, exempt: 0, vat: 3_214, total: 30_000 });
    expect(await creditsReported(env.tenant.id)).toMatchObject({ count: 1, vat: 3_214, total: 30_000 });
    const doc = await loadCreditNoteDocument(conn.db, { tenantId: env.tenant.id, creditNoteId });
    expect(doc.creditNote).toMatchObject({ vatableCentavos: 26_786, exemptCentavos: 0, taxCentavos: 3_214, amountCentavos: 30_000 });
  });
});

describe("the migration gives existing credit notes a split", () => {
  const statements = () => {
    const dir = path.resolve(import.meta.dirname, "../../supabase/migrations");
    const file = fs.readdirSync(dir).find((f) => f.endsWith("_credit_note_vat_split.sql"))!;
    return fs
      .readFileSync(path.join(dir, file), "utf8")
      .split("--> statement-breakpoint")
      .map((s) => s.trim())
      .filter((s) => /^(--[^\n]*\n)*\s*(UPDATE|WITH)/i.test(s));
  };

  it("from the linked invoice, else the tenant's VAT rate when the note was issued, else all exempt for an exempt customer", async () => {
    const env = await setup();
    const exempt = await setup({ customerExempt: true });
    const [invoice] = await conn.db.select().from(invoices).where(eq(invoices.tenantId, env.tenant.id));
    await issueCreditNote(conn.db, env.billing, { invoiceId: invoice.id, amountCentavos: 30_000, reason: "Outage" });
    await changePlan(conn.db, env.billing, { subscriptionId: env.subscription.id, planId: env.fiber50.id, today: "2026-11-16" });
    await terminateSubscription(conn.db, exempt.billing, { subscriptionId: exempt.subscription.id, reason: "Moving away", today: "2026-11-15" });
    // The ISP's rate was 10% when the notes were issued and changed to 12% since.
    await conn.db.transaction(async (tx) => {
      await recordAudit(tx, env.billing, {
        action: "settings.tax_updated",
        entityType: "tenant",
        entityId: env.tenant.id,
        before: { vatRateBps: 1000 },
        after: { vatRateBps: 1200 },
      });
    });
    await conn.db.execute(sql`update audit_log set created_at = now() + interval '1 hour' where action = 'settings.tax_updated'`);
    const tenantIds = [env.tenant.id, exempt.tenant.id];
    await conn.db.execute(
      sql`update credit_notes set vatable_centavos = 0, exempt_centavos = 0, tax_centavos = 0 where tenant_id in (${sql.join(
        tenantIds.map((id) => sql`${id}::uuid`),
        sql`, `,
      )})`,
    );

    for (const statement of statements()) await conn.db.execute(sql.raw(statement));

    const byReason = new Map(
      [...(await notesOf(env.tenant.id)), ...(await notesOf(exempt.tenant.id))].map((n) => [n.reason.split(" ")[0], splitOf(n)]),
    );
    // Linked: the invoice's own share, as when issued.
    expect(byReason.get("Outage")).toEqual({ vatable: 26_786, exempt: 0, vat: 3_214, total: 30_000 });
    // Not linked: ₱250 at the 10% in force then → VAT 22.73.
    expect(byReason.get("Plan")).toEqual({ vatable: 22_727, exempt: 0, vat: 2_273, total: 25_000 });
    expect(byReason.get("Fiber")).toEqual({ vatable: 0, exempt: 74_950, vat: 0, total: 74_950 });
  });
});
