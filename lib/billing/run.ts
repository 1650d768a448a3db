/*
 * The billing run: invoices every subscription whose next period is due by `billUpTo` (prepaid at the
 * start of the period, postpaid the day after it ends), prorated for partial periods, with promo
 * discounts and the tenant's VAT. It walks subscriptions in id order in batches; each batch is one
 * transaction that
 *   1. takes the tenant's billing lock (pg_advisory_xact_lock), so concurrent runs queue batch by batch,
 *   2. drops (subscription, period) pairs already invoiced (the unique index on service lines is the
 *      last guard: a rerun or a second run creates each invoice exactly once),
 *   3. reserves a block of gap-free numbers, inserts invoices and lines in multi-row statements, moves
 *      `billed_through` and customer balances with one UPDATE … FROM (VALUES …) each,
 *   4. applies any credit the batch's customers hold.
 */
import { randomUUID } from "node:crypto";
import { and, eq, inArray, isNull, lt, lte, ne, or, sql } from "drizzle-orm";
import { billingRuns, invoiceLines, invoices } from "@/lib/billing/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { tenants, type Tenant } from "@/lib/tenants/schema";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { AppError, notFound } from "@/lib/core/errors";
import { formatMoney } from "@/lib/core/money";
import { logger } from "@/lib/core/logger";
import { enqueueNotifications } from "@/lib/notify/enqueue";
import { kickOutbox } from "@/lib/notify/kick";
import { invoiceNoticeData } from "./documents/email-text";
import { allocateCreditForCustomers } from "./ledger";
import { insertMany, rowsOf } from "@/lib/db/bulk";
import { sumLines } from "./money";
import { allocateNumbers } from "./numbering";
import { addDays, todayIn, yearOf } from "@/lib/core/calendar";
import { pausesOf } from "@/lib/subscriptions/lifecycle";
import { advanceBilledThrough } from "@/lib/subscriptions/records";
import { priceLine } from "./invoices";
import { activeRedemptions, candidates, planInvoices, withoutBilled, type Candidate, type PlannedInvoice } from "./run-plan";
import type { Db, DbOrTx, Tx } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";

export const BILLING_BATCH = 2000;

/** How many days before its period a prepaid invoice may be issued (a run's furthest reach). */
export const INVOICE_LEAD_DAYS = 7;

type BatchResult = { invoices: number; amount: number; subscriptions: number; lastId: string | null };

async function writeBatch(
  db: Db,
  tenant: Tenant,
  runId: string | null,
  { afterId, batchSize, billUpTo, notify, today }: { afterId: string | null; batchSize: number; billUpTo: string; notify: boolean; today: string },
): Promise<BatchResult> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`billing:${tenant.id}`}))`);
    // Read inside the lock, so a concurrent run's batch has committed and moved billed_through first.
    const current = await candidates(tx, { tenantId: tenant.id, tenantMode: tenant.billingMode, billUpTo, afterId, limit: batchSize });
    const lastId = current.at(-1)?.id ?? null;
    if (current.length === 0) return { invoices: 0, amount: 0, subscriptions: 0, lastId };
    const planned = await planBatch(tx, tenant, current, billUpTo);
    if (planned.length === 0) return { invoices: 0, amount: 0, subscriptions: current.length, lastId };

    // Invoices are issued today, whatever period they bill, and numbered in today's year (BIR: serial order at issue).
    const toInvoice = planned.filter((p) => !p.noService);
    const invoiceRows: (typeof invoices.$inferInsert)[] = [];
    const lineRows: (typeof invoiceLines.$inferInsert)[] = [];
    const balanceDelta = new Map<string, number>();
    if (toInvoice.length > 0) {
      const numbers = await allocateNumbers(tx, {
        tenantId: tenant.id,
        kind: "invoice",
        year: yearOf(today),
        prefix: tenant.invoicePrefix,
        count: toInvoice.length,
      });
      toInvoice.forEach((p, index) => {
        const id = randomUUID();
        const priced = p.lines.map((line, order) => ({ ...priceLine(tenant.id, line, order), invoiceId: id }));
        const totals = sumLines(priced);
        invoiceRows.push({
          id,
          tenantId: tenant.id,
          customerId: p.customerId,
          number: numbers[index],
          kind: "recurring",
          status: totals.totalCentavos <= 0 ? "paid" : "open",
          paidAt: totals.totalCentavos <= 0 ? clock.now() : null,
          currency: tenant.currency,
          issueDate: today,
          // A prepaid invoice issued ahead of its period falls due counting from the period's start.
          dueDate: addDays(p.period.issueDate > today ? p.period.issueDate : today, tenant.paymentTermsDays),
          periodStart: p.period.start,
          periodEnd: p.period.end,
          billingRunId: runId,
          ...totals,
        });
        lineRows.push(...priced);
        balanceDelta.set(p.customerId, (balanceDelta.get(p.customerId) ?? 0) + totals.totalCentavos);
      });
    }
    await insertMany(tx, invoices, invoiceRows);
    await insertMany(tx, invoiceLines, lineRows);

    const lastBilled = new Map<string, string>();
    for (const p of planned) if ((lastBilled.get(p.subscriptionId) ?? "") < p.period.end) lastBilled.set(p.subscriptionId, p.period.end);
    await advanceBilledThrough(tx, tenant.id, lastBilled);
    const deltaJson = JSON.stringify([...balanceDelta].map(([id, delta]) => ({ id, delta })));
    // The UPDATE waits for any payment holding a customer's row and then sees its balance: who holds credit is
    // decided from that, never from the batch's first read, so a payment racing this batch is always applied.
    const updated = rowsOf<{ id: string; before: string | number }>(
      await tx.execute(sql`
        update customers c set balance_centavos = c.balance_centavos + v.delta
        from jsonb_to_recordset(${deltaJson}::jsonb) as v(id uuid, delta bigint)
        where c.id = v.id and c.tenant_id = ${tenant.id}
        returning c.id, c.balance_centavos - v.delta as before`),
    );
    const used = new Map<string, number>();
    for (const p of planned) if (p.redemptionId) used.set(p.redemptionId, (used.get(p.redemptionId) ?? 0) + 1);
    if (used.size > 0)
      await tx.execute(sql`
        update promo_redemptions r set periods_remaining = greatest(0, r.periods_remaining - v.n)
        from jsonb_to_recordset(${JSON.stringify([...used].map(([id, n]) => ({ id, n })))}::jsonb) as v(id uuid, n int)
        where r.id = v.id`);
    // Customers who held credit (a negative balance before this batch's invoices) have it applied now.
    const withCredit = updated.filter((row) => Number(row.before) < 0).map((row) => row.id);
    await allocateCreditForCustomers(tx, { tenantId: tenant.id, customerIds: withCredit });
    if (notify) {
      const reachable = new Set(current.filter((c) => c.customerReachable).map((c) => c.customerId));
      await announceInvoices(
        tx,
        tenant,
        invoiceRows.filter((row) => reachable.has(row.customerId)),
        withCredit,
      );
    }
    if (runId)
      await tx
        .update(billingRuns)
        .set({
          invoicesCreated: sql`${billingRuns.invoicesCreated} + ${invoiceRows.length}`,
          amountCentavos: sql`${billingRuns.amountCentavos} + ${invoiceRows.reduce((sum, row) => sum + Number(row.totalCentavos), 0)}`,
        })
        .where(eq(billingRuns.id, runId));
    return {
      invoices: invoiceRows.length,
      amount: invoiceRows.reduce((sum, row) => sum + Number(row.totalCentavos), 0),
      subscriptions: current.length,
      lastId,
    };
  });
}

/**
 * Queues `invoice_issued` for the batch's new invoices in one statement. Amounts come from the rows just written;
 * only invoices of customers whose credit was applied are read back for what is still owed.
 */
async function announceInvoices(tx: Tx, tenant: Tenant, rows: (typeof invoices.$inferInsert)[], creditCustomers: string[]) {
  if (rows.length === 0) return;
  const withCredit = new Set(creditCustomers);
  const reread = rows.filter((row) => withCredit.has(row.customerId)).map((row) => row.id!);
  const paid = new Map(
    reread.length === 0
      ? []
      : (
          await tx
            .select({ id: invoices.id, paid: invoices.amountPaidCentavos })
            .from(invoices)
            .where(and(eq(invoices.tenantId, tenant.id), inArray(invoices.id, reread)))
        ).map((r) => [r.id, r.paid]),
  );
  const items = [];
  for (const row of rows) {
    const owed = Number(row.totalCentavos) - (paid.get(row.id!) ?? 0);
    if (row.status !== "open" || owed <= 0) continue;
    items.push({
      customerId: row.customerId,
      dedupeKey: `invoice_issued:${row.id}`,
      data: () =>
        invoiceNoticeData({
          tenantId: tenant.id,
          invoiceId: row.id!,
          number: row.number,
          status: "open",
          dueDate: row.dueDate,
          periodStart: row.periodStart ?? null,
          periodEnd: row.periodEnd ?? null,
          totalCentavos: Number(row.totalCentavos),
          balanceDueCentavos: owed,
          voidReason: null,
          currency: tenant.currency,
          invoiceNotes: tenant.invoiceNotes,
        }),
    });
  }
  await enqueueNotifications(tx, { tenantId: tenant.id, event: "invoice_issued", items });
}

/** What a batch owes: its periods, less suspended days (the lifecycle's pauses) and periods already invoiced. */
async function planBatch(tx: Tx, tenant: Tenant, batch: Candidate[], billUpTo: string): Promise<PlannedInvoice[]> {
  const [redemptions, pauses] = await Promise.all([
    activeRedemptions(tx, tenant.id, batch),
    pausesOf(tx, { tenantId: tenant.id, subscriptionIds: batch.map((c) => c.id), from: earliestUnbilled(batch) }),
  ]);
  return withoutBilled(tx, planInvoices(tenant, batch, billUpTo, redemptions, pauses));
}

const earliestUnbilled = (batch: Candidate[]) =>
  batch.reduce((min, c) => {
    const from = c.billedThrough ? addDays(c.billedThrough, 1) : c.startDate;
    return from < min ? from : min;
  }, "9999-12-31");

async function loadTenant(db: DbOrTx, tenantId: string): Promise<Tenant> {
  const [tenant] = await db.select().from(tenants).where(eq(tenants.id, tenantId));
  if (!tenant) throw notFound("Tenant");
  return tenant;
}

export type BillingPreview = {
  subscriptions: number;
  invoices: number;
  amountCentavos: number;
  sample: Array<{ customerId: string; description: string; totalCentavos: number; issueDate: string }>;
};

/** What a run for `billUpTo` would create, without writing anything. */
export async function previewBilling(db: Db, { tenantId, billUpTo }: { tenantId: string; billUpTo: string }): Promise<BillingPreview> {
  const tenant = await loadTenant(db, tenantId);
  const preview: BillingPreview = { subscriptions: 0, invoices: 0, amountCentavos: 0, sample: [] };
  let afterId: string | null = null;
  for (;;) {
    const batch = await candidates(db, { tenantId, tenantMode: tenant.billingMode, billUpTo, afterId, limit: BILLING_BATCH });
    if (batch.length === 0) break;
    afterId = batch[batch.length - 1].id;
    const planned = (await db.transaction((tx) => planBatch(tx, tenant, batch, billUpTo))).filter((p) => !p.noService);
    preview.subscriptions += new Set(planned.map((p) => p.subscriptionId)).size;
    for (const p of planned) {
      const total = sumLines(p.lines.map((line, i) => priceLine(tenantId, line, i))).totalCentavos;
      preview.invoices += 1;
      preview.amountCentavos += total;
      if (preview.sample.length < 20)
        preview.sample.push({ customerId: p.customerId, description: p.lines[0].description, totalCentavos: total, issueDate: p.period.issueDate });
    }
  }
  return preview;
}

export type BillingRunResult = { runId: string; invoicesCreated: number; amountCentavos: number; subscriptionsProcessed: number };

/** Runs billing for one tenant up to `billUpTo` (inclusive); safe to run twice or concurrently. */
export async function runBilling(
  db: Db,
  actor: TenantActor,
  {
    billUpTo,
    trigger,
    batchSize = BILLING_BATCH,
    notify = true,
    now = clock.now(),
  }: {
    billUpTo: string;
    trigger: "schedule" | "manual";
    batchSize?: number;
    /** Queue `invoice_issued` to each customer (the demo's back-filled history does not). */
    notify?: boolean;
    /** When the run happens: its invoices are issued on this day in the tenant's zone. */
    now?: Date;
  },
): Promise<BillingRunResult> {
  const tenant = await loadTenant(db, actor.tenantId);
  const today = todayIn(tenant.timezone, now);
  // Invoices are issued the day they are made: a run may reach ahead only as far as prepaid invoices go out early.
  if (billUpTo > addDays(today, INVOICE_LEAD_DAYS))
    throw new AppError("validation", `Bill up to ${INVOICE_LEAD_DAYS} days ahead at most: invoices are dated the day they are issued.`, {
      fieldErrors: { billUpTo: [`At most ${addDays(today, INVOICE_LEAD_DAYS)}`] },
    });
  const [{ total }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(subscriptions)
    .where(
      and(
        eq(subscriptions.tenantId, tenant.id),
        ne(subscriptions.status, "pending"),
        lte(subscriptions.startDate, billUpTo),
        or(isNull(subscriptions.billedThrough), lt(subscriptions.billedThrough, billUpTo)),
      ),
    );
  const [run] = await db
    .insert(billingRuns)
    .values({ tenantId: tenant.id, billUpTo, trigger, subscriptionsTotal: total, startedBy: actor.userId ?? null })
    .returning({ id: billingRuns.id });
  let processed = 0;
  let created = 0;
  let amount = 0;
  let afterId: string | null = null;
  try {
    for (;;) {
      const result = await writeBatch(db, tenant, run.id, { afterId, batchSize, billUpTo, notify, today });
      if (result.lastId === null) break;
      afterId = result.lastId;
      processed += result.subscriptions;
      created += result.invoices;
      amount += result.amount;
      await db.update(billingRuns).set({ subscriptionsProcessed: processed }).where(eq(billingRuns.id, run.id));
    }
    await db
      .update(billingRuns)
      .set({ status: "succeeded", finishedAt: clock.now(), subscriptionsProcessed: processed })
      .where(eq(billingRuns.id, run.id));
    await recordAudit(db, actor, {
      action: "billing.run",
      entityType: "billing_run",
      entityId: run.id,
      after: { billUpTo, trigger, invoices: created, amount: formatMoney(amount, tenant.currency) },
    });
    if (notify && created > 0) kickOutbox(db);
  } catch (error) {
    logger.error({ err: error, tenantId: tenant.id, runId: run.id }, "billing run failed");
    await db
      .update(billingRuns)
      .set({
        status: "failed",
        finishedAt: clock.now(),
        error: error instanceof AppError ? error.message : "The run stopped on an unexpected error; rerun it: invoices already made are kept.",
      })
      .where(eq(billingRuns.id, run.id));
    throw error;
  }
  return { runId: run.id, invoicesCreated: created, amountCentavos: amount, subscriptionsProcessed: processed };
}
