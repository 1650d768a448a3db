/*
 * Billing rows for tests that read them (documents, reports), written directly with the ledger's caches
 * (invoice amount paid, customer balance) kept consistent. Tests of the billing services themselves go
 * through the services instead.
 */
import { randomUUID } from "node:crypto";
import { and, eq, sql } from "drizzle-orm";
import { allocations, invoiceLines, invoices, payments, type PaymentMethod } from "@/lib/billing/schema";
import { customers } from "@/lib/customers/schema";
import { applyTax, sumLines } from "@/lib/billing/money";
import type { Db } from "@/lib/db/types";

export type TestLine = {
  amount: number;
  kind?: (typeof invoiceLines.$inferInsert)["kind"];
  description?: string;
  taxInclusive?: boolean;
  rateBps?: number;
  exempt?: boolean;
  subscriptionId?: string | null;
  planId?: string | null;
  periodStart?: string | null;
  periodEnd?: string | null;
};

export async function insertInvoice(
  db: Db,
  {
    tenantId,
    customerId,
    number = `INV-TEST-${randomUUID().slice(0, 8)}`,
    issueDate = "2026-11-01",
    dueDate = "2026-11-08",
    periodStart = null,
    periodEnd = null,
    status = "open",
    lines,
  }: {
    tenantId: string;
    customerId: string;
    number?: string;
    issueDate?: string;
    dueDate?: string;
    periodStart?: string | null;
    periodEnd?: string | null;
    status?: "open" | "void";
    lines: TestLine[];
  },
) {
  const priced = lines.map((line, index) => {
    const taxInclusive = line.taxInclusive ?? true;
    const taxRateBps = line.rateBps ?? 1200;
    const taxExempt = line.exempt ?? false;
    return {
      tenantId,
      kind: line.kind ?? "service",
      description: line.description ?? "Fiber 50 Mbps",
      amountCentavos: line.amount,
      taxInclusive,
      taxRateBps,
      taxExempt,
      subscriptionId: line.subscriptionId ?? null,
      planId: line.planId ?? null,
      periodStart: line.periodStart ?? periodStart,
      periodEnd: line.periodEnd ?? periodEnd,
      sortOrder: index,
      ...applyTax({ amount: line.amount, rateBps: taxRateBps, inclusive: taxInclusive, exempt: taxExempt }),
    };
  });
  const totals = sumLines(priced);
  return db.transaction(async (tx) => {
    const [invoice] = await tx
      .insert(invoices)
      .values({
        tenantId,
        customerId,
        number,
        issueDate,
        dueDate,
        periodStart,
        periodEnd,
        status,
        currency: "PHP",
        ...totals,
        voidedAt: status === "void" ? new Date() : null,
      })
      .returning();
    await tx.insert(invoiceLines).values(priced.map((line) => ({ ...line, invoiceId: invoice.id })));
    if (status !== "void")
      await tx
        .update(customers)
        .set({ balanceCentavos: sql`${customers.balanceCentavos} + ${totals.totalCentavos}` })
        .where(and(eq(customers.tenantId, tenantId), eq(customers.id, customerId)));
    return invoice;
  });
}

/** A payment allocated to the given invoices (the rest stays as the customer's credit). */
export async function insertPayment(
  db: Db,
  {
    tenantId,
    customerId,
    amount,
    method = "gcash",
    receivedAt = new Date("2026-11-05T02:00:00Z"),
    receiptNumber = `OR-TEST-${randomUUID().slice(0, 8)}`,
    allocateTo = [],
  }: {
    tenantId: string;
    customerId: string;
    amount: number;
    method?: PaymentMethod;
    receivedAt?: Date;
    receiptNumber?: string;
    allocateTo?: Array<{ invoiceId: string; amount: number }>;
  },
) {
  const allocated = allocateTo.reduce((sum, a) => sum + a.amount, 0);
  return db.transaction(async (tx) => {
    const [payment] = await tx
      .insert(payments)
      .values({
        tenantId,
        customerId,
        receiptNumber,
        method,
        amountCentavos: amount,
        currency: "PHP",
        allocatedCentavos: allocated,
        receivedAt,
        reference: "TEST",
      })
      .returning();
    for (const a of allocateTo) {
      await tx.insert(allocations).values({ tenantId, invoiceId: a.invoiceId, paymentId: payment.id, amountCentavos: a.amount });
      const [inv] = await tx
        .update(invoices)
        .set({ amountPaidCentavos: sql`${invoices.amountPaidCentavos} + ${a.amount}` })
        .where(eq(invoices.id, a.invoiceId))
        .returning();
      if (inv.amountPaidCentavos >= inv.totalCentavos)
        await tx.update(invoices).set({ status: "paid", paidAt: receivedAt }).where(eq(invoices.id, a.invoiceId));
    }
    await tx
      .update(customers)
      .set({ balanceCentavos: sql`${customers.balanceCentavos} - ${amount}` })
      .where(and(eq(customers.tenantId, tenantId), eq(customers.id, customerId)));
    return payment;
  });
}

/** 00:05 on `date` in Manila: the moment the daily billing job runs on that day, for runs a test dates. */
export const onDay = (date: string) => new Date(`${date}T00:05:00+08:00`);
