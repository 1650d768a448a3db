/*
 * The steps of a billing batch that run.ts strings together: pricing a chunk of planned invoices, settling
 * balances, promo periods and the run's totals in one statement, `invoice_issued` notices for the new invoices,
 * sending a statement without waiting for it, and a stopwatch for the benchmark's profile.
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { invoiceLines, invoices } from "@/lib/billing/schema";
import { enqueueNotifications } from "@/lib/notify/enqueue";
import { clock } from "@/lib/core/clock";
import { addDays } from "@/lib/core/calendar";
import { timeOrderedUuid } from "@/lib/core/ids";
import { rowsOf } from "@/lib/db/bulk";
import { invoiceNoticeData } from "./documents/email-text";
import { priceLine } from "./invoices";
import { sumLines } from "./money";
import type { PlannedInvoice } from "./run-plan";
import type { Tx } from "@/lib/db/types";

type NoticeTenant = { id: string; currency: string; invoiceNotes: string };

/**
 * Queues `invoice_issued` for the batch's new invoices in one statement. Amounts come from the rows just written;
 * only invoices of customers whose credit was applied are read back for what is still owed.
 */
export async function announceInvoices(tx: Tx, tenant: NoticeTenant, rows: (typeof invoices.$inferInsert)[], creditCustomers: string[]) {
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

/**
 * Starts a statement and returns once the driver has sent it (drizzle sends on a later microtask), with its result
 * to await later: Postgres executes it while the caller prepares the next one. One statement at a time per
 * connection: await `done` before starting another.
 */
export async function startStatement<T>(statement: PromiseLike<T>): Promise<{ done: Promise<T> }> {
  const done = Promise.resolve(statement);
  // Awaited by the caller later; until then a failure must not count as unhandled.
  done.catch(() => undefined);
  await new Promise<void>((resolve) => setImmediate(resolve));
  return { done };
}

/** Receives how long each step of a batch took (the benchmark's profile). */
export type StepReport = (step: string, ms: number) => void;

/** `lap(step)` reports the time since the previous lap; a no-op without a report. */
export function stopwatch(report?: StepReport) {
  let last = performance.now();
  return (step: string) => {
    if (!report) return;
    const now = performance.now();
    report(step, now - last);
    last = now;
  };
}
/** Invoice rows (numbered in order) and their priced lines for planned invoices. */
export function priceChunk(
  tenant: { id: string; currency: string; paymentTermsDays: number },
  planned: PlannedInvoice[],
  numbers: string[],
  { runId, today }: { runId: string | null; today: string },
) {
  const chunk = { invoices: [] as (typeof invoices.$inferInsert)[], lines: [] as (typeof invoiceLines.$inferInsert)[] };
  planned.forEach((p, index) => {
    // Time-ordered ids: the batch's rows append to the primary-key and invoice_id indexes instead of landing all over them.
    const id = timeOrderedUuid();
    const priced = p.lines.map((line, order) => ({ id: timeOrderedUuid(), ...priceLine(tenant.id, line, order), invoiceId: id }));
    const totals = sumLines(priced);
    chunk.invoices.push({
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
    chunk.lines.push(...priced);
  });
  return chunk;
}

/**
 * One statement for the rest of a batch: adds each customer's new invoices to their balance, counts promo periods
 * used and the run's progress. Returns the customers who held credit (a negative balance) before the batch.
 */
export async function settleBatch(
  tx: Tx,
  tenantId: string,
  {
    balanceDelta,
    used,
    runId,
    invoices: count,
    amount,
  }: { balanceDelta: Map<string, number>; used: Map<string, number>; runId: string | null; invoices: number; amount: number },
): Promise<string[]> {
  const promos =
    used.size === 0
      ? sql``
      : sql`, promos as (
          update promo_redemptions r set periods_remaining = greatest(0, r.periods_remaining - v.n)
          from jsonb_to_recordset(${JSON.stringify([...used].map(([id, n]) => ({ id, n })))}::jsonb) as v(id uuid, n int)
          where r.id = v.id)`;
  const run = runId
    ? sql`, run as (
        update billing_runs set invoices_created = invoices_created + ${count}, amount_centavos = amount_centavos + ${amount}
        where id = ${runId})`
    : sql``;
  // JSON, not unnest: estimated at 100 rows, it joins customers by their primary key, where a batch-sized estimate
  // would hash the tenant's every customer once per batch.
  const rows = await tx.execute(sql`
    with moved as (
      update customers c set balance_centavos = c.balance_centavos + v.delta
      from jsonb_to_recordset(${JSON.stringify([...balanceDelta].map(([id, delta]) => ({ id, delta })))}::jsonb) as v(id uuid, delta bigint)
      where c.id = v.id and c.tenant_id = ${tenantId}
      returning c.id, c.balance_centavos - v.delta as before)${promos}${run}
    select id from moved where before < 0`);
  return rowsOf<{ id: string }>(rows).map((row) => row.id);
}
