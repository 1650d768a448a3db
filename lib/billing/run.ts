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
import { and, asc, eq, gt, gte, isNull, lt, lte, ne, or, sql } from "drizzle-orm";
import { billingRuns, invoiceLines, invoices, promoCodes, promoRedemptions, taxClasses } from "@/lib/billing/schema";
import { customers } from "@/lib/customers/schema";
import { servicePlans } from "@/lib/plans/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { tenants, type Tenant } from "@/lib/tenants/schema";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { AppError, notFound } from "@/lib/core/errors";
import { formatMoney } from "@/lib/core/money";
import { logger } from "@/lib/core/logger";
import { allocateCreditForCustomers } from "./ledger";
import { insertMany } from "@/lib/db/bulk";
import { sumLines } from "./money";
import { allocateNumbers } from "./numbering";
import { addDays, cycleMonths, periodsToBill, prorate, yearOf, type Anchor, type BillablePeriod } from "./periods";
import { priceLine, taxTreatment, type NewLine } from "./invoices";
import { promoDiscount } from "./rules";
import type { Db, DbOrTx, Tx } from "@/lib/db/types";

export const BILLING_BATCH = 2000;

type Candidate = {
  id: string;
  customerId: string;
  startDate: string;
  billedThrough: string | null;
  endDate: string | null;
  status: string;
  billingMode: "prepaid" | "postpaid" | null;
  username: string;
  planId: string;
  planName: string;
  price: number;
  taxInclusive: boolean;
  cycle: keyof typeof cycleMonths;
  taxClassRate: number | null;
  taxClassExempt: boolean | null;
  customerExempt: boolean;
  customerBalance: number;
};

type Redemption = { id: string; subscriptionId: string; periodsRemaining: number; code: string; kind: "percent" | "fixed" | "free_months"; percentBps: number | null; amountCentavos: number | null };

export type PlannedInvoice = {
  subscriptionId: string;
  customerId: string;
  period: BillablePeriod;
  lines: NewLine[];
  redemptionId: string | null;
};

/** Subscriptions that may owe a period by `billUpTo`, after `afterId`, in id order. */
async function candidates(db: DbOrTx, tenantId: string, billUpTo: string, afterId: string | null, limit: number): Promise<Candidate[]> {
  return db
    .select({
      id: subscriptions.id,
      customerId: subscriptions.customerId,
      startDate: subscriptions.startDate,
      billedThrough: subscriptions.billedThrough,
      endDate: subscriptions.endDate,
      status: subscriptions.status,
      billingMode: subscriptions.billingMode,
      username: subscriptions.username,
      planId: servicePlans.id,
      planName: servicePlans.name,
      price: servicePlans.priceCentavos,
      taxInclusive: servicePlans.taxInclusive,
      cycle: servicePlans.billingCycle,
      taxClassRate: taxClasses.rateBps,
      taxClassExempt: taxClasses.exempt,
      customerExempt: customers.taxExempt,
      customerBalance: customers.balanceCentavos,
    })
    .from(subscriptions)
    .innerJoin(servicePlans, eq(servicePlans.id, subscriptions.planId))
    .innerJoin(customers, eq(customers.id, subscriptions.customerId))
    .leftJoin(taxClasses, and(eq(taxClasses.id, servicePlans.taxClassId), eq(taxClasses.tenantId, tenantId)))
    .where(
      and(
        eq(subscriptions.tenantId, tenantId),
        afterId ? gt(subscriptions.id, afterId) : undefined,
        lte(subscriptions.startDate, billUpTo),
        or(isNull(subscriptions.billedThrough), lt(subscriptions.billedThrough, billUpTo)),
        // Active ones bill on; a terminated one bills its last days; suspended and pending ones wait.
        or(eq(subscriptions.status, "active"), and(eq(subscriptions.status, "terminated"), sql`${subscriptions.endDate} is not null`, sql`(${subscriptions.billedThrough} is null or ${subscriptions.billedThrough} < ${subscriptions.endDate})`)),
      ),
    )
    .orderBy(asc(subscriptions.id))
    .limit(limit);
}

/** Promo redemptions still discounting, for the batch's subscriptions (an id range: one indexed scan, two parameters). */
async function activeRedemptions(db: DbOrTx, tenantId: string, batch: Candidate[]): Promise<Map<string, Redemption>> {
  if (batch.length === 0) return new Map();
  const rows = await db
    .select({
      id: promoRedemptions.id,
      subscriptionId: promoRedemptions.subscriptionId,
      periodsRemaining: promoRedemptions.periodsRemaining,
      code: promoCodes.code,
      kind: promoCodes.kind,
      percentBps: promoCodes.percentBps,
      amountCentavos: promoCodes.amountCentavos,
    })
    .from(promoRedemptions)
    .innerJoin(promoCodes, eq(promoCodes.id, promoRedemptions.promoCodeId))
    .where(
      and(
        eq(promoRedemptions.tenantId, tenantId),
        gte(promoRedemptions.subscriptionId, batch[0].id),
        lte(promoRedemptions.subscriptionId, batch[batch.length - 1].id),
        gt(promoRedemptions.periodsRemaining, 0),
      ),
    )
    .orderBy(asc(promoRedemptions.createdAt));
  const map = new Map<string, Redemption>();
  for (const row of rows) if (!map.has(row.subscriptionId!)) map.set(row.subscriptionId!, row as Redemption);
  return map;
}

const dayFormat = new Intl.DateTimeFormat("en-PH", { month: "short", day: "numeric", year: "numeric", timeZone: "UTC" });
const shortDate = (date: string) => dayFormat.format(new Date(`${date}T00:00:00Z`));

/** The invoices a batch of candidates needs (pure given its inputs): one per subscription and period. */
export function planInvoices(tenant: Pick<Tenant, "billingAnchor" | "billingDay" | "billingMode" | "vatRateBps">, batch: Candidate[], billUpTo: string, redemptions: Map<string, Redemption>): PlannedInvoice[] {
  const planned: PlannedInvoice[] = [];
  for (const sub of batch) {
    const anchor: Anchor = tenant.billingAnchor === "billing_day" ? { kind: "billing_day", day: tenant.billingDay } : { kind: "anniversary", startDate: sub.startDate };
    const periods = periodsToBill({
      startDate: sub.startDate,
      billedThrough: sub.billedThrough,
      endDate: sub.status === "terminated" ? sub.endDate : sub.endDate,
      mode: sub.billingMode ?? tenant.billingMode,
      anchor,
      months: cycleMonths[sub.cycle],
      billUpTo,
    });
    const tax = taxTreatment({
      tenantVatBps: tenant.vatRateBps,
      taxInclusive: sub.taxInclusive,
      customerExempt: sub.customerExempt,
      taxClass: sub.taxClassRate === null ? null : { rateBps: sub.taxClassRate, exempt: sub.taxClassExempt ?? false },
    });
    let promo = redemptions.get(sub.id);
    let promoLeft = promo?.periodsRemaining ?? 0;
    for (const period of periods) {
      const amount = prorate(sub.price, period.days, period.periodDays);
      const partial = period.days < period.periodDays ? `, ${period.days} of ${period.periodDays} days` : "";
      const lines: NewLine[] = [
        {
          kind: "service",
          description: `${sub.planName} · ${sub.username} · ${shortDate(period.start)} – ${shortDate(period.end)}${partial}`,
          amountCentavos: amount,
          subscriptionId: sub.id,
          planId: sub.planId,
          periodStart: period.start,
          periodEnd: period.end,
          ...tax,
        },
      ];
      let redemptionId: string | null = null;
      if (promo && promoLeft > 0) {
        const discount = promoDiscount(promo, amount);
        if (discount > 0)
          lines.push({ kind: "discount", description: `Promo ${promo.code}`, amountCentavos: -discount, subscriptionId: sub.id, promoRedemptionId: promo.id, ...tax });
        redemptionId = promo.id;
        promoLeft -= 1;
        if (promoLeft === 0) promo = undefined;
      }
      planned.push({ subscriptionId: sub.id, customerId: sub.customerId, period, lines, redemptionId });
    }
  }
  return planned;
}

/** Drops (subscription, period) pairs that already have a service line: what makes reruns harmless. */
async function withoutBilled(tx: Tx, planned: PlannedInvoice[]): Promise<PlannedInvoice[]> {
  if (planned.length === 0) return planned;
  const ids = planned.map((p) => p.subscriptionId).sort();
  const earliest = planned.reduce((min, p) => (p.period.start < min ? p.period.start : min), planned[0].period.start);
  // Batches are id-ordered: one range scan of the (subscription, period) index from the earliest period planned.
  const existing = await tx
    .select({ subscriptionId: invoiceLines.subscriptionId, periodStart: invoiceLines.periodStart })
    .from(invoiceLines)
    .where(
      and(
        eq(invoiceLines.kind, "service"),
        gte(invoiceLines.subscriptionId, ids[0]),
        lte(invoiceLines.subscriptionId, ids[ids.length - 1]),
        gte(invoiceLines.periodStart, earliest),
      ),
    );
  const seen = new Set(existing.map((e) => `${e.subscriptionId}|${e.periodStart}`));
  return planned.filter((p) => !seen.has(`${p.subscriptionId}|${p.period.start}`));
}

type BatchResult = { invoices: number; amount: number; subscriptions: number; lastId: string | null };

async function writeBatch(
  db: Db,
  tenant: Tenant,
  runId: string | null,
  { afterId, batchSize, billUpTo }: { afterId: string | null; batchSize: number; billUpTo: string },
): Promise<BatchResult> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`billing:${tenant.id}`}))`);
    // Read inside the lock, so a concurrent run's batch has committed and moved billed_through first.
    const current = await candidates(tx, tenant.id, billUpTo, afterId, batchSize);
    const lastId = current.at(-1)?.id ?? null;
    if (current.length === 0) return { invoices: 0, amount: 0, subscriptions: 0, lastId };
    const redemptions = await activeRedemptions(tx, tenant.id, current);
    const planned = await withoutBilled(tx, planInvoices(tenant, current, billUpTo, redemptions));
    if (planned.length === 0) return { invoices: 0, amount: 0, subscriptions: current.length, lastId };

    const byYear = new Map<number, PlannedInvoice[]>();
    for (const p of planned) byYear.set(yearOf(p.period.issueDate), [...(byYear.get(yearOf(p.period.issueDate)) ?? []), p]);
    const invoiceRows: (typeof invoices.$inferInsert)[] = [];
    const lineRows: (typeof invoiceLines.$inferInsert)[] = [];
    const balanceDelta = new Map<string, number>();
    for (const [year, group] of [...byYear].sort((a, b) => a[0] - b[0])) {
      const numbers = await allocateNumbers(tx, { tenantId: tenant.id, kind: "invoice", year, prefix: tenant.invoicePrefix, count: group.length });
      group.forEach((p, index) => {
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
          paidAt: totals.totalCentavos <= 0 ? new Date() : null,
          currency: tenant.currency,
          issueDate: p.period.issueDate,
          dueDate: addDays(p.period.issueDate, tenant.paymentTermsDays),
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
    const throughJson = JSON.stringify([...lastBilled].map(([id, through]) => ({ id, through })));
    await tx.execute(sql`
      update subscriptions s set billed_through = v.through, updated_at = now()
      from jsonb_to_recordset(${throughJson}::jsonb) as v(id uuid, through date)
      where s.id = v.id and s.tenant_id = ${tenant.id}`);
    const deltaJson = JSON.stringify([...balanceDelta].map(([id, delta]) => ({ id, delta })));
    await tx.execute(sql`
      update customers c set balance_centavos = c.balance_centavos + v.delta
      from jsonb_to_recordset(${deltaJson}::jsonb) as v(id uuid, delta bigint)
      where c.id = v.id and c.tenant_id = ${tenant.id}`);
    const used = new Map<string, number>();
    for (const p of planned) if (p.redemptionId) used.set(p.redemptionId, (used.get(p.redemptionId) ?? 0) + 1);
    if (used.size > 0)
      await tx.execute(sql`
        update promo_redemptions r set periods_remaining = greatest(0, r.periods_remaining - v.n)
        from jsonb_to_recordset(${JSON.stringify([...used].map(([id, n]) => ({ id, n })))}::jsonb) as v(id uuid, n int)
        where r.id = v.id`);
    // Customers who held credit (a negative balance before this batch) have it applied now.
    const withCredit = [...new Set(current.filter((c) => c.customerBalance < 0 && balanceDelta.has(c.customerId)).map((c) => c.customerId))];
    await allocateCreditForCustomers(tx, { tenantId: tenant.id, customerIds: withCredit });
    if (runId)
      await tx
        .update(billingRuns)
        .set({
          invoicesCreated: sql`${billingRuns.invoicesCreated} + ${invoiceRows.length}`,
          amountCentavos: sql`${billingRuns.amountCentavos} + ${invoiceRows.reduce((sum, row) => sum + Number(row.totalCentavos), 0)}`,
        })
        .where(eq(billingRuns.id, runId));
    return { invoices: invoiceRows.length, amount: invoiceRows.reduce((sum, row) => sum + Number(row.totalCentavos), 0), subscriptions: current.length, lastId };
  });
}

async function loadTenant(db: DbOrTx, tenantId: string): Promise<Tenant> {
  const [tenant] = await db.select().from(tenants).where(eq(tenants.id, tenantId));
  if (!tenant) throw notFound("Tenant");
  return tenant;
}

export type BillingPreview = { subscriptions: number; invoices: number; amountCentavos: number; sample: Array<{ customerId: string; description: string; totalCentavos: number; issueDate: string }> };

/** What a run for `billUpTo` would create, without writing anything. */
export async function previewBilling(db: Db, { tenantId, billUpTo }: { tenantId: string; billUpTo: string }): Promise<BillingPreview> {
  const tenant = await loadTenant(db, tenantId);
  const preview: BillingPreview = { subscriptions: 0, invoices: 0, amountCentavos: 0, sample: [] };
  let afterId: string | null = null;
  for (;;) {
    const batch = await candidates(db, tenantId, billUpTo, afterId, BILLING_BATCH);
    if (batch.length === 0) break;
    afterId = batch[batch.length - 1].id;
    const planned = await db.transaction(async (tx) => withoutBilled(tx, planInvoices(tenant, batch, billUpTo, await activeRedemptions(tx, tenantId, batch))));
    preview.subscriptions += new Set(planned.map((p) => p.subscriptionId)).size;
    for (const p of planned) {
      const total = sumLines(p.lines.map((line, i) => priceLine(tenantId, line, i))).totalCentavos;
      preview.invoices += 1;
      preview.amountCentavos += total;
      if (preview.sample.length < 20) preview.sample.push({ customerId: p.customerId, description: p.lines[0].description, totalCentavos: total, issueDate: p.period.issueDate });
    }
  }
  return preview;
}

export type BillingRunResult = { runId: string; invoicesCreated: number; amountCentavos: number; subscriptionsProcessed: number };

/** Runs billing for one tenant up to `billUpTo` (inclusive); safe to run twice or concurrently. */
export async function runBilling(
  db: Db,
  actor: TenantActor,
  { billUpTo, trigger, batchSize = BILLING_BATCH }: { billUpTo: string; trigger: "schedule" | "manual"; batchSize?: number },
): Promise<BillingRunResult> {
  const tenant = await loadTenant(db, actor.tenantId);
  const [{ total }] = await db
    .select({ total: sql<number>`count(*)::int` })
    .from(subscriptions)
    .where(and(eq(subscriptions.tenantId, tenant.id), ne(subscriptions.status, "pending"), lte(subscriptions.startDate, billUpTo), or(isNull(subscriptions.billedThrough), lt(subscriptions.billedThrough, billUpTo))));
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
      const result = await writeBatch(db, tenant, run.id, { afterId, batchSize, billUpTo });
      if (result.lastId === null) break;
      afterId = result.lastId;
      processed += result.subscriptions;
      created += result.invoices;
      amount += result.amount;
      await db.update(billingRuns).set({ subscriptionsProcessed: processed }).where(eq(billingRuns.id, run.id));
    }
    await db.update(billingRuns).set({ status: "succeeded", finishedAt: new Date(), subscriptionsProcessed: processed }).where(eq(billingRuns.id, run.id));
    await recordAudit(db, actor, {
      action: "billing.run",
      entityType: "billing_run",
      entityId: run.id,
      after: { billUpTo, trigger, invoices: created, amount: formatMoney(amount, tenant.currency) },
    });
  } catch (error) {
    logger.error({ err: error, tenantId: tenant.id, runId: run.id }, "billing run failed");
    await db
      .update(billingRuns)
      .set({ status: "failed", finishedAt: new Date(), error: error instanceof AppError ? error.message : "The run stopped on an unexpected error; rerun it: invoices already made are kept." })
      .where(eq(billingRuns.id, run.id));
    throw error;
  }
  return { runId: run.id, invoicesCreated: created, amountCentavos: amount, subscriptionsProcessed: processed };
}
