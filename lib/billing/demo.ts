/*
 * Six months of billing history for the demo ISP, so the billing pages and the finance dashboard show a
 * living business on first start: the real billing run issues the invoices, then most are paid (GCash,
 * cash, bank, Maya, card, in that order of likelihood) a few days after issue; about one customer in
 * twelve has left last month unpaid, and the demo's suspended customers owe their last two months
 * (those too recent to be overdue are suspended at their own request instead). Former subscribers left over the
 * history, each billed up to their last day.
 * Payments are written set-based with the ledger's caches kept exact (deriveBalances agrees).
 */
import { and, eq, inArray, sql } from "drizzle-orm";
import { subscriptions } from "@/lib/subscriptions/schema";
import { tenants } from "@/lib/tenants/schema";
import { runBilling } from "./run";
import { addDays, monthAnchor, todayIn } from "@/lib/core/calendar";
import { clock } from "@/lib/core/clock";
import { zonedInstant } from "@/lib/core/time-zones";
import type { Db } from "@/lib/db/types";

export async function seedDemoBilling(db: Db, { tenantId }: { tenantId: string }) {
  const [tenant] = await db.select().from(tenants).where(eq(tenants.id, tenantId));
  const today = todayIn(tenant.timezone);
  const lastMonth = monthAnchor(today, -1, 1);
  const historyStart = monthAnchor(today, -5, 1);
  await db
    .update(tenants)
    .set({
      billingAnchor: "billing_day",
      billingDay: 1,
      billingMode: "prepaid",
      paymentTermsDays: 7,
      suspendAfterDays: 5,
      lateFeeMode: "fixed",
      lateFeeFixedCentavos: 10_000,
      lateFeeGraceDays: 3,
      lateFeeRecurrence: "once",
    })
    .where(eq(tenants.id, tenantId));
  // History starts six months back; older subscribers were billed before NetSphere.
  await db.execute(sql`
    update subscriptions set billed_through = ${addDays(historyStart, -1)}::date
    where tenant_id = ${tenantId}::uuid and start_date < ${historyStart}::date`);
  // The demo's suspended subscribers were billed while active (and did not pay): bill them as active ones.
  const suspended = await db
    .update(subscriptions)
    .set({ status: "active" })
    .where(and(eq(subscriptions.tenantId, tenantId), eq(subscriptions.status, "suspended")))
    .returning({ id: subscriptions.id });
  // The demo's former subscribers left at different times over the history, each billed up to their last day, so
  // the finance pages show churn month by month (set back to terminated below).
  const terminated = await db
    .update(subscriptions)
    .set({
      status: "active",
      endDate: sql`greatest(${subscriptions.startDate}, least(
        greatest(${subscriptions.startDate}, ${historyStart}::date) + 20 + ((hashtext(${subscriptions.id}::text) & 2147483647) % 140),
        ${addDays(today, -1)}::date))`,
    })
    .where(and(eq(subscriptions.tenantId, tenantId), eq(subscriptions.status, "terminated")))
    .returning({ id: subscriptions.id });
  // Each month's run happens on its own day, as the daily job would have run it: invoices are issued the day they
  // are made and numbered in that order.
  for (let day = historyStart; day <= today; day = monthAnchor(day, 1, 1)) {
    const at = new Date(Math.min(zonedInstant(day, 5, tenant.timezone), clock.ms()));
    await runBilling(db, { tenantId, userId: null, userName: "Demo data" }, { billUpTo: day, trigger: "schedule", notify: false, now: at });
  }
  await runBilling(db, { tenantId, userId: null, userName: "Demo data" }, { billUpTo: today, trigger: "schedule", notify: false });
  // Back to the status they had before they were billed as active ones.
  for (const [rows, status] of [
    [terminated, "terminated"],
    [suspended, "suspended"],
  ] as const) {
    if (rows.length > 0)
      await db
        .update(subscriptions)
        .set({ status })
        .where(
          inArray(
            subscriptions.id,
            rows.map((s) => s.id),
          ),
        );
  }

  await db.transaction(async (tx) => {
    await tx.execute(sql`
      create temporary table demo_paid on commit drop as
      select gen_random_uuid() as payment_id, i.id as invoice_id, i.customer_id, i.total_centavos as amount,
             least((i.issue_date + ((hashtext(i.number) & 7))::int)::timestamptz + interval '9 hours', ${clock.now()}::timestamptz - interval '1 hour') as received_at,
             (array['gcash','gcash','gcash','gcash','cash','cash','cash','bank_transfer','bank_transfer','maya','maya','card'])[1 + (hashtext(i.number) & 2147483647) % 12] as method
      from invoices i join customers c on c.id = i.customer_id
      where i.tenant_id = ${tenantId}::uuid and i.status = 'open'
        and not (
          (c.status = 'suspended' and i.issue_date >= ${lastMonth}::date)
          or ((hashtext(c.account_number) & 2147483647) % 12 = 0 and i.issue_date >= ${lastMonth}::date)
          or ((hashtext(c.account_number) & 2147483647) % 2 = 0 and i.due_date >= ${today}::date)
        )`);
    await tx.execute(sql`
      insert into payments (id, tenant_id, customer_id, receipt_number, method, reference, amount_centavos, allocated_centavos, currency, received_at)
      select p.payment_id, ${tenantId}::uuid, p.customer_id,
             ${tenant.receiptPrefix}::text || '-' || extract(year from p.received_at)::int || '-' ||
               lpad((row_number() over (partition by extract(year from p.received_at) order by p.received_at, p.invoice_id))::text, 6, '0'),
             p.method,
             case when p.method in ('gcash', 'maya') then lpad(((hashtext(p.invoice_id::text) & 2147483647) % 10000000000000)::text, 13, '0') else '' end,
             p.amount, p.amount, ${tenant.currency}::text, p.received_at
      from demo_paid p`);
    await tx.execute(sql`
      insert into allocations (tenant_id, invoice_id, payment_id, amount_centavos, created_at)
      select ${tenantId}::uuid, p.invoice_id, p.payment_id, p.amount, p.received_at from demo_paid p`);
    await tx.execute(sql`
      update invoices i set amount_paid_centavos = i.total_centavos, status = 'paid', paid_at = p.received_at
      from demo_paid p where p.invoice_id = i.id`);
    await tx.execute(sql`
      update customers c set balance_centavos = c.balance_centavos - s.paid
      from (select customer_id, sum(amount) as paid from demo_paid group by customer_id) s where s.customer_id = c.id`);
    await tx.execute(sql`
      insert into document_sequences (tenant_id, kind, year, next_value)
      select ${tenantId}::uuid, 'receipt', extract(year from received_at)::int, count(*) + 1 from demo_paid group by 1, 2, 3
      on conflict (tenant_id, kind, year) do update set next_value = excluded.next_value`);
    // The demo's suspended subscribers who owe an overdue invoice are suspended for not paying; the
    // others asked for a temporary disconnection (a manual suspension a payment does not lift).
    await tx.execute(sql`
      update subscriptions s set suspended_at = ${clock.now()}::timestamptz,
        suspension_source = case when o.overdue then 'nonpayment' else 'manual' end,
        suspended_reason = case when o.overdue then 'Overdue invoices' else 'Temporary disconnection requested by the subscriber' end
      from (select c.id, exists (select 1 from invoices i where i.customer_id = c.id and i.status = 'open' and i.due_date < ${today}::date) as overdue
            from customers c where c.tenant_id = ${tenantId}::uuid) o
      where s.customer_id = o.id and s.tenant_id = ${tenantId}::uuid and s.status = 'suspended'`);
    // Their days without service start today: a reactivation bills on from its own day.
    await tx.execute(sql`
      insert into subscription_pauses (tenant_id, subscription_id, from_date)
      select tenant_id, id, ${today}::date from subscriptions where tenant_id = ${tenantId}::uuid and status = 'suspended'
      on conflict do nothing`);
  });
}
