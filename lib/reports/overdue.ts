/*
 * Overdue invoices (open, past due, something still owed): the dashboard's list and its bulk reminder.
 */
import { and, asc, count, desc, eq, inArray, lt, sql } from "drizzle-orm";
import { invoices } from "@/lib/billing/schema";
import { customers } from "@/lib/customers/schema";
import { tenants } from "@/lib/tenants/schema";
import { type CalendarDate } from "@/lib/core/calendar";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { enqueueNotification } from "@/lib/notify/enqueue";
import { dueNoticeData } from "@/lib/billing/documents/email-text";
import type { DbOrTx } from "@/lib/db/types";
import { tenantClock } from "./clock";
import { owedInvoice } from "./finance";
import type { OverdueSort } from "./params";

export type OverdueRow = {
  invoiceId: string;
  number: string;
  customerId: string;
  customerName: string;
  accountNumber: string;
  hasEmail: boolean;
  issueDate: CalendarDate;
  dueDate: CalendarDate;
  daysOverdue: number;
  totalCentavos: number;
  outstandingCentavos: number;
};

export type OverdueList = { rows: OverdueRow[]; total: number; page: number; pageSize: number; today: CalendarDate; currency: string };

const daysPastDue = (today: CalendarDate) => sql<number>`(${today}::date - ${invoices.dueDate})`.mapWith(Number);
const outstanding = sql<number>`(${invoices.totalCentavos} - ${invoices.amountPaidCentavos})`.mapWith(Number);

/** One page of overdue invoices, most overdue (or largest) first unless `dir` says otherwise. */
export async function listOverdueInvoices(
  db: DbOrTx,
  {
    tenantId,
    now,
    sort = "days",
    dir = "desc",
    page = 1,
    pageSize = 50,
  }: { tenantId: string; now?: Date; sort?: OverdueSort; dir?: "asc" | "desc"; page?: number; pageSize?: number },
): Promise<OverdueList> {
  const { today, currency } = await tenantClock(db, { tenantId, now });
  const where = and(owedInvoice(tenantId), lt(invoices.dueDate, today));
  const [{ total }] = await db.select({ total: count() }).from(invoices).where(where);
  const lastPage = Math.max(1, Math.ceil(total / pageSize));
  const current = Math.min(Math.max(1, page), lastPage);
  const by = dir === "asc" ? asc : desc;
  // More days overdue = an earlier due date; the id keeps pages from overlapping on ties.
  const order =
    sort === "amount"
      ? [by(sql`${invoices.totalCentavos} - ${invoices.amountPaidCentavos}`), dir === "asc" ? desc(invoices.dueDate) : asc(invoices.dueDate)]
      : [dir === "asc" ? desc(invoices.dueDate) : asc(invoices.dueDate), by(sql`${invoices.totalCentavos} - ${invoices.amountPaidCentavos}`)];
  const rows = await db
    .select({
      invoiceId: invoices.id,
      number: invoices.number,
      customerId: customers.id,
      customerName: customers.name,
      accountNumber: customers.accountNumber,
      hasEmail: sql<boolean>`(btrim(${customers.email}) <> '')`,
      issueDate: invoices.issueDate,
      dueDate: invoices.dueDate,
      daysOverdue: daysPastDue(today),
      totalCentavos: invoices.totalCentavos,
      outstandingCentavos: outstanding,
    })
    .from(invoices)
    .innerJoin(customers, and(eq(customers.id, invoices.customerId), eq(customers.tenantId, tenantId)))
    .where(where)
    .orderBy(...order, asc(invoices.id))
    .limit(pageSize)
    .offset((current - 1) * pageSize);
  return { rows, total, page: current, pageSize, today, currency };
}

export type ReminderOutcome = {
  /** Invoices a reminder was queued for (on each channel the customer gets messages on). */
  sent: number;
  /** Customers none of whose invoices got a reminder: no email or phone on file for the ISP's channels, or opted out. */
  customersWithoutEmail: number;
  /** Invoices left alone: not this tenant's, paid, void or not yet overdue. */
  skipped: number;
};

/**
 * Queues an `overdue` reminder to each customer for each of the given invoices that is overdue, and audits
 * each one; the caller kicks the outbox after this returns (the messages are in the outbox either way).
 */
export async function sendOverdueReminders(
  db: DbOrTx,
  actor: TenantActor,
  { invoiceIds, now }: { invoiceIds: string[]; now?: Date },
): Promise<ReminderOutcome> {
  const { today } = await tenantClock(db, { tenantId: actor.tenantId, now });
  const [tenant] = await db.select({ suspendAfterDays: tenants.suspendAfterDays }).from(tenants).where(eq(tenants.id, actor.tenantId));
  const due = await db
    .select({
      invoiceId: invoices.id,
      number: invoices.number,
      currency: invoices.currency,
      dueDate: invoices.dueDate,
      outstandingCentavos: outstanding,
      customerId: customers.id,
    })
    .from(invoices)
    .innerJoin(customers, and(eq(customers.id, invoices.customerId), eq(customers.tenantId, actor.tenantId)))
    .where(and(owedInvoice(actor.tenantId), lt(invoices.dueDate, today), inArray(invoices.id, invoiceIds)))
    .orderBy(asc(invoices.dueDate), asc(invoices.number));
  const reached = new Set<string>();
  let sent = 0;
  for (const invoice of due) {
    const data = dueNoticeData({ ...invoice, tenantId: actor.tenantId, today, suspendAfterDays: tenant?.suspendAfterDays ?? 0 });
    // The queued messages and their audit entry go together: one without the other would misreport what was sent.
    const queued = await db.transaction(async (tx) => {
      const { ids } = await enqueueNotification(tx, { tenantId: actor.tenantId, event: "overdue", customerId: invoice.customerId, data });
      if (ids.length === 0) return 0;
      await recordAudit(tx, actor, {
        action: "invoice.reminder_sent",
        entityType: "invoice",
        entityId: invoice.invoiceId,
        customerId: invoice.customerId,
        after: { number: invoice.number, messages: ids.length, outstandingCentavos: invoice.outstandingCentavos, daysOverdue: data.daysOverdue },
      });
      return ids.length;
    });
    if (queued === 0) continue;
    reached.add(invoice.customerId);
    sent += 1;
  }
  const customersWithoutReminder = new Set(due.map((i) => i.customerId).filter((id) => !reached.has(id)));
  return { sent, customersWithoutEmail: customersWithoutReminder.size, skipped: invoiceIds.length - due.length };
}
