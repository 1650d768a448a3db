/*
 * The ledger: invoices (+), payments (−), refunds (+) and credit notes (−). Two caches are kept in the same
 * transaction as every change — `customers.balance_centavos` and `invoices.amount_paid_centavos` (with
 * `payments/credit_notes.allocated_centavos`) — and `deriveBalances` recomputes them from scratch so a
 * test can prove they always agree. Money operations on one customer are serialised by locking the
 * customer row first (`lockCustomer`), so two clicks or a click and a webhook never interleave.
 */
import { and, asc, eq, gt, inArray, sql } from "drizzle-orm";
import { allocations, creditNotes, invoices, payments } from "@/lib/billing/schema";
import { customers } from "@/lib/customers/schema";
import { notFound } from "@/lib/core/errors";
import type { DbOrTx, Tx } from "@/lib/db/types";

export async function lockCustomer(tx: Tx, { tenantId, customerId }: { tenantId: string; customerId: string }) {
  const [row] = await tx
    .select({ id: customers.id, name: customers.name, email: customers.email, accountNumber: customers.accountNumber, balanceCentavos: customers.balanceCentavos })
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), eq(customers.id, customerId)))
    .for("update");
  if (!row) throw notFound("Customer");
  return row;
}

export async function adjustBalance(tx: DbOrTx, { tenantId, customerId, delta }: { tenantId: string; customerId: string; delta: number }) {
  if (delta === 0) return;
  await tx
    .update(customers)
    .set({ balanceCentavos: sql`${customers.balanceCentavos} + ${delta}` })
    .where(and(eq(customers.tenantId, tenantId), eq(customers.id, customerId)));
}

export type AllocationOutcome = { allocatedCentavos: number; paidInvoiceIds: string[] };

/**
 * Applies the customer's unallocated money (payments, then credit notes, oldest first) to open invoices,
 * the preferred invoice first, then oldest due first. Call with the customer locked.
 */
export async function allocateCredit(
  tx: Tx,
  { tenantId, customerId, preferInvoiceId, paidAt = new Date() }: { tenantId: string; customerId: string; preferInvoiceId?: string; paidAt?: Date },
): Promise<AllocationOutcome> {
  const sources = [
    ...(
      await tx
        .select({ id: payments.id, free: sql<number>`(${payments.amountCentavos} - ${payments.allocatedCentavos} - ${payments.refundedCentavos})::bigint`.mapWith(Number) })
        .from(payments)
        .where(and(eq(payments.tenantId, tenantId), eq(payments.customerId, customerId), sql`${payments.amountCentavos} - ${payments.allocatedCentavos} - ${payments.refundedCentavos} > 0`))
        .orderBy(asc(payments.receivedAt), asc(payments.createdAt))
    ).map((s) => ({ ...s, kind: "payment" as const })),
    ...(
      await tx
        .select({ id: creditNotes.id, free: sql<number>`(${creditNotes.amountCentavos} - ${creditNotes.allocatedCentavos})::bigint`.mapWith(Number) })
        .from(creditNotes)
        .where(
          and(
            eq(creditNotes.tenantId, tenantId),
            eq(creditNotes.customerId, customerId),
            eq(creditNotes.kind, "credit"),
            sql`${creditNotes.amountCentavos} - ${creditNotes.allocatedCentavos} > 0`,
          ),
        )
        .orderBy(asc(creditNotes.createdAt))
    ).map((s) => ({ ...s, kind: "credit" as const })),
  ];
  if (sources.length === 0) return { allocatedCentavos: 0, paidInvoiceIds: [] };
  const open = await tx
    .select({ id: invoices.id, due: sql<number>`(${invoices.totalCentavos} - ${invoices.amountPaidCentavos})::bigint`.mapWith(Number) })
    .from(invoices)
    .where(and(eq(invoices.tenantId, tenantId), eq(invoices.customerId, customerId), eq(invoices.status, "open"), gt(invoices.totalCentavos, invoices.amountPaidCentavos)))
    .orderBy(sql`${invoices.id} = ${preferInvoiceId ?? null} desc nulls last`, asc(invoices.dueDate), asc(invoices.issueDate), asc(invoices.number))
    .for("update");
  let allocated = 0;
  const paid: string[] = [];
  let source = 0;
  for (const invoice of open) {
    let due = invoice.due;
    while (due > 0 && source < sources.length) {
      const from = sources[source];
      const amount = Math.min(due, from.free);
      await tx.insert(allocations).values({
        tenantId,
        invoiceId: invoice.id,
        paymentId: from.kind === "payment" ? from.id : null,
        creditNoteId: from.kind === "credit" ? from.id : null,
        amountCentavos: amount,
      });
      if (from.kind === "payment")
        await tx
          .update(payments)
          .set({ allocatedCentavos: sql`${payments.allocatedCentavos} + ${amount}` })
          .where(eq(payments.id, from.id));
      else
        await tx
          .update(creditNotes)
          .set({ allocatedCentavos: sql`${creditNotes.allocatedCentavos} + ${amount}` })
          .where(eq(creditNotes.id, from.id));
      due -= amount;
      from.free -= amount;
      allocated += amount;
      if (from.free === 0) source += 1;
    }
    const applied = invoice.due - due;
    if (applied > 0)
      await tx
        .update(invoices)
        .set({
          amountPaidCentavos: sql`${invoices.amountPaidCentavos} + ${applied}`,
          status: due === 0 ? "paid" : "open",
          paidAt: due === 0 ? paidAt : null,
          updatedAt: new Date(),
        })
        .where(eq(invoices.id, invoice.id));
    if (due === 0) paid.push(invoice.id);
    if (source >= sources.length) break;
  }
  return { allocatedCentavos: allocated, paidInvoiceIds: paid };
}

/** Unallocated money the customer has (payments and credit notes not yet applied): their credit. */
export async function availableCredit(db: DbOrTx, { tenantId, customerId }: { tenantId: string; customerId: string }): Promise<number> {
  const [p] = await db
    .select({ v: sql<number>`coalesce(sum(${payments.amountCentavos} - ${payments.allocatedCentavos} - ${payments.refundedCentavos}), 0)::bigint`.mapWith(Number) })
    .from(payments)
    .where(and(eq(payments.tenantId, tenantId), eq(payments.customerId, customerId)));
  const [c] = await db
    .select({ v: sql<number>`coalesce(sum(${creditNotes.amountCentavos} - ${creditNotes.allocatedCentavos}), 0)::bigint`.mapWith(Number) })
    .from(creditNotes)
    .where(and(eq(creditNotes.tenantId, tenantId), eq(creditNotes.customerId, customerId), eq(creditNotes.kind, "credit")));
  return p.v + c.v;
}

export type DerivedBalance = { customerId: string; stored: number; derived: number };

/** Every customer's balance recomputed from the ledger rows, beside the stored cache. */
export async function deriveBalances(db: DbOrTx, { tenantId, customerIds }: { tenantId: string; customerIds?: string[] }): Promise<DerivedBalance[]> {
  const rows = await db
    .select({
      customerId: customers.id,
      stored: customers.balanceCentavos,
      derived: sql<number>`(
        coalesce((select sum(i.total_centavos) from invoices i where i.customer_id = "customers"."id" and i.status <> 'void'), 0)
        - coalesce((select sum(p.amount_centavos) from payments p where p.customer_id = "customers"."id"), 0)
        + coalesce((select sum(n.amount_centavos) from credit_notes n where n.customer_id = "customers"."id" and n.kind = 'refund'), 0)
        - coalesce((select sum(n.amount_centavos) from credit_notes n where n.customer_id = "customers"."id" and n.kind = 'credit'), 0)
      )::bigint`.mapWith(Number),
    })
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), customerIds ? inArray(customers.id, customerIds) : undefined));
  return rows;
}

/** Invoices whose cached amount paid or status disagrees with their allocations (should always be empty). */
export async function inconsistentInvoices(db: DbOrTx, { tenantId }: { tenantId: string }) {
  return db
    .select({ id: invoices.id, number: invoices.number, stored: invoices.amountPaidCentavos, status: invoices.status })
    .from(invoices)
    .where(
      and(
        eq(invoices.tenantId, tenantId),
        sql`(
          ${invoices.amountPaidCentavos} <> coalesce((select sum(a.amount_centavos) from allocations a where a.invoice_id = "invoices"."id"), 0)
          or (${invoices.status} = 'paid') <> (${invoices.amountPaidCentavos} >= ${invoices.totalCentavos} and ${invoices.status} <> 'void')
        )`,
      ),
    );
}
