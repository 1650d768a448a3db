/*
 * Overdue invoices (open, past due, something still owed): the dashboard's list and its bulk reminder.
 */
import { and, asc, count, desc, eq, inArray, lt, sql } from "drizzle-orm";
import { invoices } from "@/lib/billing/schema";
import { customers } from "@/lib/customers/schema";
import { tenants } from "@/lib/tenants/schema";
import { daysInclusive, type CalendarDate } from "@/lib/billing/periods";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { sendEmail } from "@/lib/mail/send";
import { formatMoney } from "@/lib/core/money";
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
  /** Reminder emails sent (one per invoice). */
  sent: number;
  /** Customers with no email address on file, so none of their invoices got a reminder. */
  customersWithoutEmail: number;
  /** Invoices left alone: not this tenant's, paid, void or not yet overdue. */
  skipped: number;
};

const longDate = (date: CalendarDate) =>
  new Intl.DateTimeFormat("en-PH", { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${date}T00:00:00Z`));

/** Emails each customer a reminder for each of the given invoices that is overdue, and audits each one. */
export async function sendOverdueReminders(
  db: DbOrTx,
  actor: TenantActor,
  { invoiceIds, now }: { invoiceIds: string[]; now?: Date },
): Promise<ReminderOutcome> {
  const { today } = await tenantClock(db, { tenantId: actor.tenantId, now });
  const [tenant] = await db.select({ name: tenants.name }).from(tenants).where(eq(tenants.id, actor.tenantId));
  const due = await db
    .select({
      invoiceId: invoices.id,
      number: invoices.number,
      currency: invoices.currency,
      dueDate: invoices.dueDate,
      outstandingCentavos: outstanding,
      customerId: customers.id,
      name: customers.name,
      accountNumber: customers.accountNumber,
      email: sql<string>`btrim(${customers.email})`,
    })
    .from(invoices)
    .innerJoin(customers, and(eq(customers.id, invoices.customerId), eq(customers.tenantId, actor.tenantId)))
    .where(and(owedInvoice(actor.tenantId), lt(invoices.dueDate, today), inArray(invoices.id, invoiceIds)))
    .orderBy(asc(invoices.dueDate), asc(invoices.number));
  const withoutEmail = new Set<string>();
  let sent = 0;
  for (const invoice of due) {
    if (!invoice.email) {
      withoutEmail.add(invoice.customerId);
      continue;
    }
    const days = daysInclusive(invoice.dueDate, today) - 1;
    // The stored email and its audit entry go together: one without the other would misreport what was sent.
    await db.transaction(async (tx) => {
      await sendEmail(tx, {
        tenantId: actor.tenantId,
        to: invoice.email,
        subject: `Reminder: invoice ${invoice.number} is overdue`,
        text: [
          `Hello ${invoice.name},`,
          "",
          `Invoice ${invoice.number} from ${tenant?.name ?? "your internet provider"} was due on ${longDate(invoice.dueDate)} and is ${days} ${days === 1 ? "day" : "days"} overdue.`,
          `Amount still owed: ${formatMoney(invoice.outstandingCentavos, invoice.currency)}`,
          `Account number: ${invoice.accountNumber}`,
          "",
          "If you have already paid, thank you, and please ignore this reminder.",
        ].join("\n"),
      });
      await recordAudit(tx, actor, {
        action: "invoice.reminder_sent",
        entityType: "invoice",
        entityId: invoice.invoiceId,
        customerId: invoice.customerId,
        after: { number: invoice.number, to: invoice.email, outstandingCentavos: invoice.outstandingCentavos, daysOverdue: days },
      });
    });
    sent += 1;
  }
  return { sent, customersWithoutEmail: withoutEmail.size, skipped: invoiceIds.length - due.length };
}
