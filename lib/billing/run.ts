/*
 * The billing run: invoices every subscription whose next period is due by `billUpTo` (prepaid at the
 * start of the period, postpaid the day after it ends), prorated for partial periods, with promo
 * discounts and the tenant's VAT. It walks subscriptions in id order in batches; each batch is one
 * transaction that
 *   1. takes the tenant's billing lock (pg_advisory_xact_lock), so concurrent runs queue batch by batch,
 *   2. drops (subscription, period) pairs already invoiced (the unique index on service lines is the
 *      last guard: a rerun or a second run creates each invoice exactly once),
 *   3. reserves a block of gap-free numbers, inserts each chunk of invoices with its lines in one statement
 *      (Postgres writes a chunk while the next is priced), moves `billed_through` with one UPDATE and
 *      balances, promo periods and the run's totals with another (run-steps.ts),
 *   4. applies any credit the batch's customers hold.
 */
import { and, eq, isNull, lt, lte, ne, or, sql } from "drizzle-orm";
import { billingRuns, invoiceLines, invoices } from "@/lib/billing/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { tenants, type Tenant } from "@/lib/tenants/schema";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { AppError, notFound } from "@/lib/core/errors";
import { formatMoney } from "@/lib/core/money";
import { logger } from "@/lib/core/logger";
import { kickOutbox } from "@/lib/notify/kick";
import { allocateCreditForCustomers } from "./ledger";
import { unnestInsert } from "@/lib/db/bulk";
import { sumLines } from "./money";
import { allocateNumbers } from "./numbering";
import { addDays, todayIn, yearOf } from "@/lib/core/calendar";
import { zonedInstant } from "@/lib/core/time-zones";
import { pausesOf } from "@/lib/subscriptions/lifecycle";
import { advanceBilledThrough } from "@/lib/subscriptions/records";
import { billableAddresses } from "@/lib/ipam/addons";
import { priceLine } from "./invoices";
import { activeRedemptions, billedPeriods, candidates, earliestUnbilled, planInvoices, type Candidate, type PlannedInvoice } from "./run-plan";
import { announceInvoices, priceChunk, settleBatch, startStatement, stopwatch, type StepReport } from "./run-steps";
import { queueInvoiceEvents } from "./webhook-events";
import type { Db, DbOrTx, Tx } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";

export type { StepReport } from "./run-steps";

export const BILLING_BATCH = 5000;

/** Invoices priced and sent per statement within a batch. */
const WRITE_CHUNK = 1000;

/** How many days before its period a prepaid invoice may be issued (a run's furthest reach). */
export const INVOICE_LEAD_DAYS = 7;

type BatchResult = { invoices: number; amount: number; subscriptions: number; lastId: string | null };

type BatchOptions = { afterId: string | null; batchSize: number; billUpTo: string; notify: boolean; today: string; profile?: StepReport };

async function writeBatch(db: Db, tenant: Tenant, runId: string, options: BatchOptions): Promise<BatchResult> {
  const { afterId, batchSize, billUpTo, notify, today } = options;
  const lap = stopwatch(options.profile);
  return db.transaction(async (tx) => {
    // The batch's reads are keyed ranges of a few thousand rows: parallel workers cost more to start than they save.
    await tx.execute(
      sql`select pg_advisory_xact_lock(hashtext(${`billing:${tenant.id}`})), set_config('max_parallel_workers_per_gather', '0', true)`,
    );
    lap("lock");
    // Read inside the lock, so a concurrent run's batch has committed and moved billed_through first.
    const current = await candidates(tx, { tenantId: tenant.id, tenantMode: tenant.billingMode, billUpTo, afterId, limit: batchSize });
    lap("candidates");
    const lastId = current.at(-1)?.id ?? null;
    if (current.length === 0) return { invoices: 0, amount: 0, subscriptions: 0, lastId };
    const planned = await planBatch(tx, tenant, current, billUpTo, lap);
    if (planned.length === 0) return { invoices: 0, amount: 0, subscriptions: current.length, lastId };

    // Invoices are issued today, whatever period they bill, and numbered in today's year (BIR: serial order at issue).
    const toInvoice = planned.filter((p) => !p.noService);
    const numbers = await allocateNumbers(tx, {
      tenantId: tenant.id,
      kind: "invoice",
      year: yearOf(today),
      prefix: tenant.invoicePrefix,
      count: toInvoice.length,
    });
    lap("numbering");
    const invoiceRows: (typeof invoices.$inferInsert)[] = [];
    const balanceDelta = new Map<string, number>();
    // One statement per chunk inserts its invoices and their lines; the next chunk is priced while it runs.
    let inflight: { done: Promise<unknown> } | null = null;
    for (let from = 0; from < toInvoice.length; from += WRITE_CHUNK) {
      const chunk = priceChunk(tenant, toInvoice.slice(from, from + WRITE_CHUNK), numbers.slice(from), { runId, today });
      for (const row of chunk.invoices) balanceDelta.set(row.customerId, (balanceDelta.get(row.customerId) ?? 0) + Number(row.totalCentavos));
      invoiceRows.push(...chunk.invoices);
      await inflight?.done;
      inflight = await startStatement(
        tx.execute(sql`with new_invoices as (${unnestInsert(invoices, chunk.invoices)}) ${unnestInsert(invoiceLines, chunk.lines)}`),
      );
    }
    await inflight?.done;
    lap("insert");
    if (invoiceRows.length > 0) {
      // One INSERT … SELECT for the batch (its invoices are this run's, with time-ordered ids between these two).
      const ids = invoiceRows.map((row) => row.id!).sort();
      await queueInvoiceEvents(tx, {
        tenantId: tenant.id,
        type: "invoice.issued",
        where: sql`i.billing_run_id = ${runId}::uuid and i.id between ${ids[0]}::uuid and ${ids[ids.length - 1]}::uuid`,
      });
      lap("webhooks");
    }

    const lastBilled = new Map<string, string>();
    for (const p of planned) if ((lastBilled.get(p.subscriptionId) ?? "") < p.period.end) lastBilled.set(p.subscriptionId, p.period.end);
    await advanceBilledThrough(tx, tenant.id, lastBilled);
    lap("billed through");
    const used = new Map<string, number>();
    for (const p of planned) if (p.redemptionId) used.set(p.redemptionId, (used.get(p.redemptionId) ?? 0) + 1);
    const amount = invoiceRows.reduce((sum, row) => sum + Number(row.totalCentavos), 0);
    // The UPDATE waits for any payment holding a customer's row and then sees its balance: who holds credit is
    // decided from that, never from the batch's first read, so a payment racing this batch is always applied.
    const withCredit = await settleBatch(tx, tenant.id, { balanceDelta, used, runId, invoices: invoiceRows.length, amount });
    lap("balances");
    // Customers who held credit (a negative balance before this batch's invoices) have it applied now.
    await allocateCreditForCustomers(tx, { tenantId: tenant.id, customerIds: withCredit });
    lap("credit");
    if (notify) {
      const reachable = new Set(current.filter((c) => c.customerReachable).map((c) => c.customerId));
      await announceInvoices(
        tx,
        tenant,
        invoiceRows.filter((row) => reachable.has(row.customerId)),
        withCredit,
      );
      lap("notices");
    }
    return { invoices: invoiceRows.length, amount, subscriptions: current.length, lastId };
  });
}

/** What a batch owes: its periods, less suspended days (the lifecycle's pauses) and periods already invoiced. */
async function planBatch(tx: Tx, tenant: Tenant, batch: Candidate[], billUpTo: string, lap = stopwatch()): Promise<PlannedInvoice[]> {
  const from = earliestUnbilled(batch);
  // One after another: a connection runs one statement at a time (pg deprecates queueing them on it).
  const redemptions = await activeRedemptions(tx, tenant.id, batch);
  const pauses = await pausesOf(tx, { tenantId: tenant.id, subscriptionIds: batch.map((c) => c.id), from });
  const billed = await billedPeriods(tx, batch, from);
  // Addresses held now, and those given back since the batch's earliest unbilled day: their days held are still owed.
  const addons = await billableAddresses(tx, {
    tenantId: tenant.id,
    subscriptionIds: batch.map((c) => c.id),
    releasedSince: new Date(zonedInstant(from, 0, tenant.timezone)),
  });
  lap("promos, pauses, billed, add-ons");
  const planned = planInvoices(tenant, batch, billUpTo, redemptions, pauses, addons).filter((p) => !billed.has(`${p.subscriptionId}|${p.period.start}`));
  lap("plan");
  return planned;
}

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

/** Invoices are issued the day they are made: a run may reach ahead only as far as prepaid invoices go out early. */
function assertWithinLead(billUpTo: string, today: string) {
  const furthest = addDays(today, INVOICE_LEAD_DAYS);
  if (billUpTo > furthest)
    throw new AppError("validation", `Bill up to ${INVOICE_LEAD_DAYS} days ahead at most: invoices are dated the day they are issued.`, {
      fieldErrors: { billUpTo: [`At most ${furthest}`] },
    });
}

/** What a run for `billUpTo` would create, without writing anything. */
export async function previewBilling(
  db: Db,
  { tenantId, billUpTo, now = clock.now() }: { tenantId: string; billUpTo: string; now?: Date },
): Promise<BillingPreview> {
  const tenant = await loadTenant(db, tenantId);
  assertWithinLead(billUpTo, todayIn(tenant.timezone, now));
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
    profile,
  }: {
    billUpTo: string;
    trigger: "schedule" | "manual";
    batchSize?: number;
    /** Queue `invoice_issued` to each customer (the demo's back-filled history does not). */
    notify?: boolean;
    /** When the run happens: its invoices are issued on this day in the tenant's zone. */
    now?: Date;
    /** Times each step of each batch (the benchmark's profile). */
    profile?: StepReport;
  },
): Promise<BillingRunResult> {
  const tenant = await loadTenant(db, actor.tenantId);
  const today = todayIn(tenant.timezone, now);
  // Invoices are issued the day they are made: a run may reach ahead only as far as prepaid invoices go out early.
  assertWithinLead(billUpTo, today);
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
      const started = performance.now();
      const result = await writeBatch(db, tenant, run.id, { afterId, batchSize, billUpTo, notify, today, profile });
      profile?.("batch total", performance.now() - started);
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
