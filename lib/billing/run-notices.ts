/*
 * The billing run's helpers around a batch: `invoice_issued` notices for its new invoices, sending a statement
 * without waiting for it, and a stopwatch for the benchmark's profile.
 */
import { and, eq, inArray } from "drizzle-orm";
import { invoices } from "@/lib/billing/schema";
import { enqueueNotifications } from "@/lib/notify/enqueue";
import { invoiceNoticeData } from "./documents/email-text";
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
