import Link from "next/link";
import { requirePortalPage } from "@/lib/portal/context";
import { portalPayables, portalSubscriptions } from "@/lib/portal/queries";
import { listCustomerTickets } from "@/lib/tickets/customer";
import { outageForCustomer } from "@/lib/alerts/queries";
import { localDate } from "@/lib/core/time-zones";
import { clock } from "@/lib/core/clock";
import { formatMoney } from "@/lib/core/money";
import { formatCalendarDate } from "@/lib/core/dates";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { Button } from "@/components/ui/button";
import { PortalNotice } from "@/components/portal/notice";
import { PayableInvoices } from "@/components/portal/payables";
import { PlanList } from "@/components/portal/plans";
import { DataAllowance } from "@/components/portal/data-allowance";
import { portalQuotas } from "@/lib/portal/quotas";

export const metadata = { title: "Overview" };

/** "2:30 PM" today, "Dec 5, 2:30 PM" before: when the outage started, on the ISP's clock. */
function outageTime(since: Date, timeZone: string): string {
  const today = localDate(clock.now(), timeZone) === localDate(since, timeZone);
  return new Intl.DateTimeFormat("en-PH", {
    timeZone,
    hour: "numeric",
    minute: "2-digit",
    ...(today ? {} : { month: "short", day: "numeric" }),
  }).format(since);
}

export default async function PortalOverviewPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePortalPage();
  const paymentFailed = (await searchParams).payment === "failed";
  const owner = { tenantId: ctx.tenantId, customerId: ctx.customerId };
  const [subscriptions, bills, tickets, outage] = await Promise.all([
    portalSubscriptions(ctx.db, owner),
    portalPayables(ctx.db, { ...owner, timeZone: ctx.tenant.timezone }),
    listCustomerTickets(ctx.db, owner),
    outageForCustomer(ctx.db, owner),
  ]);
  const live = subscriptions.filter((s) => s.status === "active" || s.status === "suspended");
  const quotas = await portalQuotas(ctx.db, { tenantId: ctx.tenantId, subscriptionIds: live.map((s) => s.id) });
  const capped = live.filter((s) => quotas.views.has(s.id));
  const awaitingReply = tickets.rows.filter((t) => t.status === "waiting_on_customer");
  const unpaidSuspension = subscriptions.some((s) => s.status === "suspended" && s.suspensionSource === "nonpayment");
  const otherSuspension = subscriptions.find((s) => s.status === "suspended" && s.suspensionSource !== "nonpayment");
  const balance = ctx.customer.balanceCentavos;
  return (
    <div className="flex flex-col gap-4">
      <PageHeader title={`Hello, ${ctx.customer.name}`} description={<span className="font-mono">{ctx.customer.accountNumber}</span>} />
      {outage ? (
        <PortalNotice tone="warning" title={`Known outage in your area since ${outageTime(outage.since, ctx.tenant.timezone)}`}>
          We are working on it. Your service comes back by itself once it is fixed; there is no need to restart your router.
        </PortalNotice>
      ) : null}
      {paymentFailed ? (
        <PortalNotice tone="danger" title="The payment could not start">
          Nothing was charged. Try again in a minute, or choose another way to pay below.
        </PortalNotice>
      ) : null}
      {unpaidSuspension ? (
        <PortalNotice tone="danger" title="Your internet is suspended: unpaid balance">
          Pay the overdue amount below and your service comes back on by itself within a few minutes.
        </PortalNotice>
      ) : null}
      {otherSuspension ? (
        <PortalNotice tone="danger" title="Your internet is suspended">
          {otherSuspension.suspendedReason ? `${otherSuspension.suspendedReason}. ` : ""}Contact {ctx.tenant.name} for help.
        </PortalNotice>
      ) : null}
      {!unpaidSuspension && bills.overdue.length > 0 ? (
        <PortalNotice tone="warning" title="You have an overdue bill">
          Please pay it soon to keep your internet on.
        </PortalNotice>
      ) : null}
      {awaitingReply.map((ticket) => (
        <PortalNotice key={ticket.id} tone="info" title={`We need your answer on ticket ${ticket.reference}`}>
          <Link className="text-primary underline underline-offset-4" href={`/portal/tickets/${ticket.id}`}>
            {ticket.subject}
          </Link>
        </PortalNotice>
      ))}
      <div className="grid gap-4 md:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Balance</CardTitle>
          </CardHeader>
          <CardContent>
            <p className="text-2xl font-semibold tabular-nums">{formatMoney(Math.abs(balance), ctx.tenant.currency)}</p>
            <p className="text-sm text-muted-foreground">
              {balance < 0 ? "Credit on your account, used for your next bills." : balance === 0 ? "You owe nothing." : "Amount you owe."}
            </p>
            {bills.nextDueDate ? <p className="mt-2 text-sm">Next due date: {formatCalendarDate(bills.nextDueDate)}</p> : null}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Your plan</CardTitle>
          </CardHeader>
          <CardContent>
            <PlanList subscriptions={subscriptions} currency={ctx.tenant.currency} />
          </CardContent>
        </Card>
      </div>
      {capped.length > 0 ? (
        <Card>
          <CardHeader>
            <CardTitle>Your data this cycle</CardTitle>
          </CardHeader>
          <CardContent className="flex flex-col gap-6">
            {capped.map((sub) => (
              <section key={sub.id} aria-labelledby={`data-${sub.id}`} className="flex flex-col gap-2">
                {capped.length > 1 ? (
                  <h3 id={`data-${sub.id}`} className="text-sm font-semibold">
                    {sub.planName} <span className="font-mono font-normal text-muted-foreground">{sub.username}</span>
                  </h3>
                ) : (
                  <h3 id={`data-${sub.id}`} className="sr-only">
                    {sub.planName}
                  </h3>
                )}
                <DataAllowance
                  view={quotas.views.get(sub.id)!}
                  subscriptionId={sub.id}
                  serviceLabel={sub.planName}
                  packs={quotas.packs}
                  waiting={quotas.waiting}
                  canPayOnline={quotas.canPayOnline}
                  currency={ctx.tenant.currency}
                />
              </section>
            ))}
          </CardContent>
        </Card>
      ) : null}
      <Card>
        <CardHeader>
          <CardTitle>Pay online</CardTitle>
        </CardHeader>
        <CardContent>
          <PayableInvoices
            tenantId={ctx.tenantId}
            ispName={ctx.tenant.name}
            invoices={bills.payable}
            methods={bills.methods}
            today={bills.today}
          />
        </CardContent>
      </Card>
      <div className="flex flex-wrap gap-2">
        <Button asChild variant="outline">
          <Link href="/portal/speed-test">Test your speed</Link>
        </Button>
        <Button asChild variant="outline">
          <Link href="/portal/tickets">Ask for help</Link>
        </Button>
      </div>
    </div>
  );
}
