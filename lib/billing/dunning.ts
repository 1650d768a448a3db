/*
 * Dunning, run daily per tenant: reminders before, on and after the due date, late fees by the tenant's
 * policy, and suspension on the router after `suspend_after_days` overdue (the provisioning domain's
 * `suspendSubscriptions` with source "nonpayment"). Each step is keyed in `dunning_events` (and late fees
 * by their sequence number on the invoice), so a rerun, a crash mid-way or two workers never repeat one.
 * A payment that clears what is overdue reactivates by itself (payments.ts `reactivateIfSettled`).
 */
import { and, eq, inArray, isNull, lte, sql } from "drizzle-orm";
import { dunningEvents, invoiceLines, invoices } from "@/lib/billing/schema";
import { customers } from "@/lib/customers/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { tenants, type Tenant } from "@/lib/tenants/schema";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { AppError, notFound } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import { formatMoney } from "@/lib/core/money";
import { enqueueNotification } from "@/lib/notify/enqueue";
import { kickOutbox } from "@/lib/notify/kick";
import { dueNoticeData } from "./documents/email-text";
import { suspendSubscriptions } from "@/lib/provisioning/suspension";
import { appendLines, lockInvoiceAndCustomer, retotalInvoice, taxTreatment } from "./invoices";
import { allocateCreditForCustomers, lockCustomer } from "./ledger";
import { applyTax } from "./money";
import { addDays, todayIn } from "@/lib/core/calendar";
import { dunningSteps, lateFeeAmount, lateFeesDue } from "./rules";
import { lateFeePolicyOf } from "./settings";
import { queueInvoiceEventsFor } from "./webhook-events";
import type { Db, DbOrTx } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";

export type DunningSummary = { reminders: number; lateFees: number; suspended: number; invoices: number };

type OpenInvoice = {
  id: string;
  number: string;
  customerId: string;
  dueDate: string;
  total: number;
  paid: number;
  customerExempt: boolean;
  customerBalance: number;
};

/** Template variables of a dunning message about one invoice. */
const noticeData = (i: OpenInvoice, t: Tenant, today: string) =>
  dueNoticeData({
    tenantId: t.id,
    invoiceId: i.id,
    number: i.number,
    outstandingCentavos: i.total - i.paid,
    currency: t.currency,
    dueDate: i.dueDate,
    today,
    suspendAfterDays: t.suspendAfterDays,
  });

const stepEvent = { reminder_before: "due_reminder", reminder_due: "due_reminder", reminder_after: "overdue" } as const;

/** Claims a dunning step; false when it already happened. */
async function claim(
  db: DbOrTx,
  tenantId: string,
  invoice: OpenInvoice,
  kind: (typeof dunningEvents.$inferInsert)["kind"],
  key: string,
  detail?: Record<string, unknown>,
) {
  const rows = await db
    .insert(dunningEvents)
    .values({ tenantId, invoiceId: invoice.id, customerId: invoice.customerId, kind, key, detail })
    .onConflictDoNothing()
    .returning({ id: dunningEvents.id });
  return rows.length > 0;
}

async function addLateFees(db: Db, tenant: Tenant, invoice: OpenInvoice, today: string, feesOnInvoice: number): Promise<number> {
  const policy = lateFeePolicyOf(tenant);
  const due = lateFeesDue(policy, { dueDate: invoice.dueDate, today });
  // Most runs find every fee already there: no transaction, no lock.
  if (due <= feesOnInvoice) return 0;
  return db.transaction(async (tx) => {
    const customer = await lockCustomer(tx, { tenantId: tenant.id, customerId: invoice.customerId });
    // A customer whose credit covers what they owe is not late, whatever order the payment and invoice came in.
    if (customer.balanceCentavos <= 0) return 0;
    const existing = await tx
      .select({ seq: invoiceLines.lateFeeSeq, total: invoiceLines.totalCentavos, waived: invoiceLines.waivedAt })
      .from(invoiceLines)
      .where(and(eq(invoiceLines.invoiceId, invoice.id), eq(invoiceLines.kind, "late_fee")));
    const [fresh] = await tx.select().from(invoices).where(eq(invoices.id, invoice.id)).for("update");
    if (fresh.status !== "open") return 0;
    // The cap counts what the customer pays for the fees, VAT included.
    let feesSoFar = existing.filter((e) => !e.waived).reduce((sum, e) => sum + e.total, 0);
    let added = 0;
    const tax = taxTreatment({ tenantVatBps: tenant.vatRateBps, taxInclusive: tenant.taxInclusive, customerExempt: invoice.customerExempt });
    const feeTax = { rateBps: tax.taxRateBps, inclusive: tax.taxInclusive, exempt: tax.taxExempt };
    for (let seq = existing.length + 1; seq <= due; seq += 1) {
      const lateTotal = fresh.totalCentavos - fresh.amountPaidCentavos;
      const amount = lateFeeAmount(policy, { outstanding: lateTotal, feesSoFar, tax: feeTax });
      if (amount <= 0) break;
      await appendLines(tx, {
        tenantId: tenant.id,
        invoiceId: invoice.id,
        lines: [
          {
            kind: "late_fee",
            description: seq === 1 ? "Late payment fee" : `Late payment fee (${seq})`,
            amountCentavos: amount,
            lateFeeSeq: seq,
            ...tax,
          },
        ],
      });
      await tx.insert(dunningEvents).values({
        tenantId: tenant.id,
        invoiceId: invoice.id,
        customerId: invoice.customerId,
        kind: "late_fee",
        key: `late_fee:${invoice.id}:${seq}`,
        detail: { amount },
      });
      feesSoFar += applyTax({ amount, rateBps: feeTax.rateBps, inclusive: feeTax.inclusive, exempt: feeTax.exempt }).totalCentavos;
      added += 1;
    }
    return added;
  });
}

/** How far back a run still marks an invoice overdue (runs that were missed); older ones never were news to anyone. */
const OVERDUE_CATCH_UP_DAYS = 7;

/**
 * Marks invoices that went past their due date unpaid, once each (`overdue:<invoice>` in dunning_events), and queues
 * `invoice.overdue` for them in the same transaction.
 */
async function markOverdue(db: Db, tenantId: string, open: OpenInvoice[], today: string) {
  const since = addDays(today, -OVERDUE_CATCH_UP_DAYS);
  const late = open.filter((i) => i.dueDate < today && i.dueDate >= since);
  if (late.length === 0) return;
  await db.transaction(async (tx) => {
    const marked = await tx
      .insert(dunningEvents)
      .values(late.map((i) => ({ tenantId, invoiceId: i.id, customerId: i.customerId, kind: "overdue" as const, key: `overdue:${i.id}` })))
      .onConflictDoNothing()
      .returning({ invoiceId: dunningEvents.invoiceId });
    await queueInvoiceEventsFor(tx, { tenantId, type: "invoice.overdue", invoiceIds: marked.map((row) => row.invoiceId) });
  });
}

/** One tenant's dunning for `today` (its own calendar date). */
export async function runDunning(db: Db, { tenantId, today: given }: { tenantId: string; today?: string }): Promise<DunningSummary> {
  const [tenant] = await db.select().from(tenants).where(eq(tenants.id, tenantId));
  if (!tenant) throw notFound("Tenant");
  const today = given ?? todayIn(tenant.timezone);
  const actor: TenantActor = { tenantId, userId: null, userName: "Dunning" };
  let open: OpenInvoice[] = await db
    .select({
      id: invoices.id,
      number: invoices.number,
      customerId: invoices.customerId,
      dueDate: invoices.dueDate,
      total: invoices.totalCentavos,
      paid: invoices.amountPaidCentavos,
      customerExempt: customers.taxExempt,
      customerBalance: customers.balanceCentavos,
    })
    .from(invoices)
    .innerJoin(customers, eq(customers.id, invoices.customerId))
    .where(
      and(
        eq(invoices.tenantId, tenantId),
        eq(invoices.status, "open"),
        sql`${invoices.totalCentavos} > ${invoices.amountPaidCentavos}`,
        lte(invoices.dueDate, addDays(today, tenant.reminderDaysBefore)),
      ),
    );
  // Credit that is still unapplied next to an open invoice (a payment that raced an invoice being issued) is
  // applied first; those invoices are then settled, and no reminder, fee or suspension goes out for them.
  const covered = [...new Set(open.filter((i) => i.customerBalance <= 0).map((i) => i.customerId))];
  if (covered.length > 0)
    await db.transaction(async (tx) => {
      for (const customerId of covered.sort()) await lockCustomer(tx, { tenantId, customerId });
      await allocateCreditForCustomers(tx, { tenantId, customerIds: covered });
    });
  const coveredSet = new Set(covered);
  open = open.filter((i) => !coveredSet.has(i.customerId));
  await markOverdue(db, tenantId, open, today);
  const summary: DunningSummary = { reminders: 0, lateFees: 0, suspended: 0, invoices: open.length };
  // Late fees already on these invoices, in one query rather than one per invoice.
  const feeCounts = new Map(
    open.length === 0
      ? []
      : (
          await db
            .select({ invoiceId: invoiceLines.invoiceId, n: sql<number>`count(*)::int` })
            .from(invoiceLines)
            .where(
              and(
                eq(invoiceLines.kind, "late_fee"),
                inArray(
                  invoiceLines.invoiceId,
                  open.map((i) => i.id),
                ),
              ),
            )
            .groupBy(invoiceLines.invoiceId)
        ).map((row) => [row.invoiceId, row.n]),
  );
  const toSuspend = new Map<string, OpenInvoice>();
  for (const invoice of open) {
    for (const step of dunningSteps(tenant, { dueDate: invoice.dueDate, today })) {
      if (step === "suspend") {
        toSuspend.set(invoice.customerId, invoice);
        continue;
      }
      // The step and its message are written together: a crash between them can neither lose nor repeat a reminder.
      const queued = await db.transaction(async (tx) => {
        if (!(await claim(tx, tenantId, invoice, step, `${step}:${invoice.id}`))) return 0;
        const { ids } = await enqueueNotification(tx, {
          tenantId,
          event: stepEvent[step],
          customerId: invoice.customerId,
          data: noticeData(invoice, tenant, today),
          dedupeKey: `${step}:${invoice.id}`,
        });
        return ids.length;
      });
      if (queued > 0) summary.reminders += 1;
    }
    summary.lateFees += await addLateFees(db, tenant, invoice, today, feeCounts.get(invoice.id) ?? 0);
  }
  if (toSuspend.size > 0) {
    const subs = await db
      .select({ id: subscriptions.id, customerId: subscriptions.customerId })
      .from(subscriptions)
      .where(and(eq(subscriptions.tenantId, tenantId), inArray(subscriptions.customerId, [...toSuspend.keys()]), eq(subscriptions.status, "active")));
    for (const [customerId, invoice] of toSuspend) {
      const ids = subs.filter((s) => s.customerId === customerId).map((s) => s.id);
      if (ids.length === 0) continue;
      const result = await suspendSubscriptions(db, actor, {
        subscriptionIds: ids,
        reason: `Overdue invoice ${invoice.number} (due ${invoice.dueDate})`,
        source: "nonpayment",
      });
      summary.suspended += result.changed;
      if (result.changed === 0) continue;
      await db.transaction(async (tx) => {
        const key = `suspended:${invoice.id}:${today}`;
        if (!(await claim(tx, tenantId, invoice, "suspended", key, { subscriptions: result.changed }))) return;
        await enqueueNotification(tx, { tenantId, event: "suspension", customerId, data: noticeData(invoice, tenant, today), dedupeKey: key });
      });
    }
  }
  kickOutbox(db);
  return summary;
}

/** Waives one late fee (the line stays, marked waived, and no longer counts), audited. */
export async function waiveLateFee(db: Db, actor: TenantActor, { lineId, reason }: { lineId: string; reason: string }) {
  if (!isUuid(lineId)) throw notFound("Late fee");
  return db.transaction(async (tx) => {
    const [line] = await tx
      .select()
      .from(invoiceLines)
      .where(
        and(eq(invoiceLines.tenantId, actor.tenantId), eq(invoiceLines.id, lineId), eq(invoiceLines.kind, "late_fee"), isNull(invoiceLines.waivedAt)),
      );
    if (!line) throw notFound("Late fee");
    const invoice = await lockInvoiceAndCustomer(tx, { tenantId: actor.tenantId, invoiceId: line.invoiceId });
    if (invoice.status === "void") throw new AppError("validation", `${invoice.number} is void.`);
    if (invoice.amountPaidCentavos > invoice.totalCentavos - line.totalCentavos) {
      throw new AppError("validation", "This fee is already paid; issue a credit note instead.");
    }
    await tx
      .update(invoiceLines)
      .set({ waivedAt: clock.now(), waivedBy: actor.userId ?? null, waiveReason: reason })
      .where(eq(invoiceLines.id, line.id));
    const after = await retotalInvoice(tx, { tenantId: actor.tenantId, invoiceId: invoice.id });
    await recordAudit(tx, actor, {
      action: "late_fee.waived",
      entityType: "invoice",
      entityId: invoice.id,
      customerId: invoice.customerId,
      after: { number: invoice.number, fee: formatMoney(line.totalCentavos, invoice.currency), reason },
    });
    return { number: invoice.number, totalCentavos: after.totalCentavos };
  });
}
