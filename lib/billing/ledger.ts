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
import { insertMany, rowsOf } from "@/lib/db/bulk";
import type { SalesSplit } from "./money";
import { allocateNumbers } from "./numbering";
import { queueInvoiceEventsFor } from "./webhook-events";
import type { DbOrTx, Tx } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";

export async function lockCustomer(tx: Tx, { tenantId, customerId }: { tenantId: string; customerId: string }) {
  const [row] = await tx
    .select({
      id: customers.id,
      name: customers.name,
      email: customers.email,
      accountNumber: customers.accountNumber,
      balanceCentavos: customers.balanceCentavos,
    })
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

type Source = { id: string; customerId: string; free: number; kind: "payment" | "credit" };

/** Adds `amount` to a counter column of many rows in one statement. */
async function bumpMany(tx: Tx, table: "payments" | "credit_notes", column: "allocated_centavos", deltas: Map<string, number>) {
  if (deltas.size === 0) return;
  const json = JSON.stringify([...deltas].map(([id, amount]) => ({ id, amount })));
  await tx.execute(
    sql`update ${sql.identifier(table)} t set ${sql.identifier(column)} = t.${sql.identifier(column)} + x.amount
        from jsonb_to_recordset(${json}::jsonb) as x(id uuid, amount bigint) where t.id = x.id`,
  );
}

/**
 * Applies the customers' unallocated money (payments, then credit notes, oldest first) to their open
 * invoices, the preferred invoice first, then oldest due first. Set-based: a handful of statements for
 * any number of customers (the billing run applies credit for a whole batch at once). Call with the
 * customers locked, or inside the billing run's tenant lock.
 */
export async function allocateCreditForCustomers(
  tx: Tx,
  {
    tenantId,
    customerIds,
    preferInvoiceId,
    paidAt = clock.now(),
  }: { tenantId: string; customerIds: string[]; preferInvoiceId?: string; paidAt?: Date },
): Promise<AllocationOutcome> {
  const none = { allocatedCentavos: 0, paidInvoiceIds: [] };
  if (customerIds.length === 0) return none;
  const sources: Source[] = rowsOf<Source>(
    await tx.execute(sql`
      select id, customer_id as "customerId", free::bigint as free, kind from (
        select p.id, p.customer_id, p.amount_centavos - p.allocated_centavos - p.refunded_centavos as free, 'payment' as kind, 0 as rank, p.received_at as at, p.created_at as created
        from payments p where p.tenant_id = ${tenantId} and p.customer_id in (${sql.join(
          customerIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})
          and p.amount_centavos - p.allocated_centavos - p.refunded_centavos > 0
        union all
        select n.id, n.customer_id, n.amount_centavos - n.allocated_centavos, 'credit', 1, n.created_at, n.created_at
        from credit_notes n where n.tenant_id = ${tenantId} and n.kind = 'credit' and n.customer_id in (${sql.join(
          customerIds.map((id) => sql`${id}::uuid`),
          sql`, `,
        )})
          and n.amount_centavos - n.allocated_centavos > 0
      ) s order by customer_id, rank, at, created`),
  ).map((r) => ({ ...r, free: Number(r.free) }));
  if (sources.length === 0) return none;
  const holders = [...new Set(sources.map((s) => s.customerId))];
  const open = await tx
    .select({
      id: invoices.id,
      customerId: invoices.customerId,
      due: sql<number>`(${invoices.totalCentavos} - ${invoices.amountPaidCentavos})::bigint`.mapWith(Number),
    })
    .from(invoices)
    .where(
      and(
        eq(invoices.tenantId, tenantId),
        inArray(invoices.customerId, holders),
        eq(invoices.status, "open"),
        gt(invoices.totalCentavos, invoices.amountPaidCentavos),
      ),
    )
    .orderBy(
      invoices.customerId,
      sql`${invoices.id} = ${preferInvoiceId ?? null} desc nulls last`,
      asc(invoices.dueDate),
      asc(invoices.issueDate),
      asc(invoices.number),
    )
    .for("update");
  const rows: (typeof allocations.$inferInsert)[] = [];
  const paymentDeltas = new Map<string, number>();
  const creditDeltas = new Map<string, number>();
  const invoiceDeltas = new Map<string, { amount: number; paid: boolean }>();
  const queueOf = new Map<string, Source[]>();
  for (const source of sources) queueOf.set(source.customerId, [...(queueOf.get(source.customerId) ?? []), source]);
  for (const invoice of open) {
    const queue = queueOf.get(invoice.customerId) ?? [];
    let due = invoice.due;
    while (due > 0 && queue.length > 0) {
      const from = queue[0];
      const amount = Math.min(due, from.free);
      rows.push({
        tenantId,
        invoiceId: invoice.id,
        paymentId: from.kind === "payment" ? from.id : null,
        creditNoteId: from.kind === "credit" ? from.id : null,
        amountCentavos: amount,
      });
      const deltas = from.kind === "payment" ? paymentDeltas : creditDeltas;
      deltas.set(from.id, (deltas.get(from.id) ?? 0) + amount);
      due -= amount;
      from.free -= amount;
      if (from.free === 0) queue.shift();
    }
    if (due < invoice.due) invoiceDeltas.set(invoice.id, { amount: invoice.due - due, paid: due === 0 });
  }
  if (rows.length === 0) return none;
  await insertMany(tx, allocations, rows);
  await bumpMany(tx, "payments", "allocated_centavos", paymentDeltas);
  await bumpMany(tx, "credit_notes", "allocated_centavos", creditDeltas);
  const json = JSON.stringify([...invoiceDeltas].map(([id, d]) => ({ id, amount: d.amount, paid: d.paid })));
  await tx.execute(sql`
    update invoices i set amount_paid_centavos = i.amount_paid_centavos + x.amount,
      status = case when x.paid then 'paid' else 'open' end,
      paid_at = case when x.paid then ${paidAt.toISOString()}::timestamptz else null end,
      updated_at = now()
    from jsonb_to_recordset(${json}::jsonb) as x(id uuid, amount bigint, paid boolean) where i.id = x.id`);
  const paidInvoiceIds = [...invoiceDeltas].filter(([, d]) => d.paid).map(([id]) => id);
  await queueInvoiceEventsFor(tx, { tenantId, type: "invoice.paid", invoiceIds: paidInvoiceIds });
  return { allocatedCentavos: rows.reduce((sum, r) => sum + Number(r.amountCentavos), 0), paidInvoiceIds };
}

/** `allocateCreditForCustomers` for one customer, with the invoice a payment was meant for first. */
export function allocateCredit(
  tx: Tx,
  { tenantId, customerId, preferInvoiceId, paidAt }: { tenantId: string; customerId: string; preferInvoiceId?: string; paidAt?: Date },
): Promise<AllocationOutcome> {
  return allocateCreditForCustomers(tx, { tenantId, customerIds: [customerId], preferInvoiceId, paidAt });
}

/**
 * A numbered credit note of kind `credit` lowering what the customer owes, applied at once to their open
 * invoices (the given one first) or kept as credit. `split` is the sales it takes back (money.ts `creditShareOf`
 * or `creditOfLines`); it must add up to the amount. Call with the customer locked.
 */
export async function recordCredit(
  tx: Tx,
  {
    tenantId,
    customerId,
    amountCentavos,
    reason,
    prefix,
    year,
    createdBy,
    invoiceId,
    split,
  }: {
    tenantId: string;
    customerId: string;
    amountCentavos: number;
    split: SalesSplit;
    reason: string;
    prefix: string;
    year: number;
    createdBy: string | null;
    invoiceId?: string;
  },
) {
  if (split.vatableCentavos + split.zeroRatedCentavos + split.exemptCentavos + split.taxCentavos !== amountCentavos)
    throw new RangeError("a credit note's VAT split must add up to its amount");
  const [number] = await allocateNumbers(tx, { tenantId, kind: "credit_note", year, prefix });
  const [note] = await tx
    .insert(creditNotes)
    .values({
      tenantId,
      customerId,
      number,
      kind: "credit",
      invoiceId: invoiceId ?? null,
      amountCentavos,
      vatableCentavos: split.vatableCentavos,
      zeroRatedCentavos: split.zeroRatedCentavos,
      exemptCentavos: split.exemptCentavos,
      taxCentavos: split.taxCentavos,
      reason,
      createdBy,
    })
    .returning({ id: creditNotes.id });
  await adjustBalance(tx, { tenantId, customerId, delta: -amountCentavos });
  await allocateCredit(tx, { tenantId, customerId, preferInvoiceId: invoiceId });
  return { id: note.id, number };
}

/** Unallocated money the customer has (payments and credit notes not yet applied): their credit. */
export async function availableCredit(db: DbOrTx, { tenantId, customerId }: { tenantId: string; customerId: string }): Promise<number> {
  const [p] = await db
    .select({
      v: sql<number>`coalesce(sum(${payments.amountCentavos} - ${payments.allocatedCentavos} - ${payments.refundedCentavos}), 0)::bigint`.mapWith(
        Number,
      ),
    })
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
