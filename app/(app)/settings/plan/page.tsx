import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getTenantUsage } from "@/lib/tenants/limits";
import { listSaasPlans } from "@/lib/tenants/service";
import { netsphereAccountPage } from "@/lib/tenants/platform-views";
import { ownerHandleOf } from "@/lib/tenants/standing-service";
import { netsphereCycleLabels, platformStandingLabels } from "@/lib/tenants/values";
import { formatMoney } from "@/lib/core/money";
import { formatCalendarDate } from "@/lib/core/dates";
import { DataTable } from "@/components/ui/table";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { PageHeader } from "@/components/shell/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ChangePlanForm } from "@/components/settings/plan-picker";
import { NetsphereInvoices } from "@/components/settings/netsphere-invoices";

export const metadata = { title: "NetSphere plan" };

const standingTone = { trial: "info", active: "success", past_due: "warning", read_only: "danger", suspended: "danger" } as const;

export default async function PlanSettingsPage() {
  const ctx = await requireStaffPage("settings:view");
  const ownerDb = await ownerHandleOf(ctx.db);
  const [usage, plans, netsphere] = [
    await getTenantUsage(ctx.db, { tenantId: ctx.tenantId }),
    await listSaasPlans(ctx.db),
    await netsphereAccountPage(ownerDb, { tenantId: ctx.tenantId }),
  ];
  const { account } = netsphere;
  const canChange = can(ctx.role, "billing:plan");
  const inTrial = account.standing === "trial";
  const owed = netsphere.invoices.filter((i) => i.payUrl);
  return (
    <>
      <PageHeader
        title="NetSphere plan and billing"
        description={`You are on ${usage.planName}, billed ${netsphereCycleLabels[account.billingCycle].toLowerCase()}: ${usage.customers.toLocaleString("en-PH")} of ${usage.maxCustomers.toLocaleString("en-PH")} customers, ${usage.routers} of ${usage.maxRouters} routers.${canChange ? "" : " Only the owner can change the plan."}`}
      />
      <SettingsTabs role={ctx.role} />
      <div className="grid gap-5 lg:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Your NetSphere account</CardTitle>
            <CardDescription>Account {netsphere.accountNumber}</CardDescription>
          </CardHeader>
          <CardContent className="flex flex-col gap-3 text-sm">
            <p className="flex flex-wrap items-center gap-2">
              <Badge tone={standingTone[account.standing]}>{platformStandingLabels[account.standing]}</Badge>
              {account.standing === "trial" ? <span>Your free trial runs until {formatCalendarDate(account.trialEndsOn)}; the first invoice comes then.</span> : null}
              {account.standing === "active" ? <span>Paid up. Thank you.</span> : null}
              {account.standing === "past_due" ? (
                <span>
                  Invoice {account.overdueInvoiceNumber} was due on {formatCalendarDate(account.overdueDueDate!)}. Pay it before{" "}
                  {formatCalendarDate(netsphere.readOnlyFrom!)} to keep full use of NetSphere.
                </span>
              ) : null}
              {account.standing === "read_only" ? (
                <span>Your account is read-only until invoice {account.overdueInvoiceNumber} is paid. Paying restores it at once.</span>
              ) : null}
            </p>
            <dl className="grid grid-cols-2 gap-y-1">
              <dt className="text-muted-foreground">Balance</dt>
              <dd className="text-right tabular-nums">
                {netsphere.balanceCentavos < 0 ? `${formatMoney(-netsphere.balanceCentavos, netsphere.currency)} credit` : formatMoney(netsphere.balanceCentavos, netsphere.currency)}
              </dd>
            </dl>
            {owed.length > 0 ? (
              <p>
                <Link className="font-medium underline underline-offset-4" href={owed[owed.length - 1].payUrl!}>
                  Pay invoice {owed[owed.length - 1].number} online
                </Link>{" "}
                (GCash, Maya, card or the other ways NetSphere accepts).
              </p>
            ) : null}
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Pay by bank transfer</CardTitle>
            <CardDescription>Put your account number {netsphere.accountNumber} in the transfer&apos;s reference.</CardDescription>
          </CardHeader>
          <CardContent className="text-sm">
            <p className="whitespace-pre-line">{netsphere.bankTransfer || "Ask NetSphere support for bank details."}</p>
          </CardContent>
        </Card>
      </div>
      {canChange ? (
        <Card className="mt-5">
          <CardHeader>
            <CardTitle>Change plan</CardTitle>
            <CardDescription>Upgrades take effect at once and are prorated; a plan below what you already have is refused.</CardDescription>
          </CardHeader>
          <CardContent>
            <ChangePlanForm
              plans={plans.map((p) => ({
                id: p.id,
                name: p.name,
                monthlyCentavos: p.monthlyPriceCentavos,
                yearlyCentavos: p.yearlyPriceCentavos,
                tooSmall: p.maxCustomers < usage.customers || p.maxRouters < usage.routers,
              }))}
              currentPlanId={usage.planId}
              currentCycle={account.billingCycle}
              inTrial={inTrial}
              disabledReason={ctx.writesBlocked ? "Pay the overdue invoice first: your account is read-only." : null}
            />
          </CardContent>
        </Card>
      ) : null}
      <h2 className="mt-6 mb-3 text-base font-semibold">NetSphere invoices</h2>
      <NetsphereInvoices invoices={netsphere.invoices} currency={netsphere.currency} />
      <h2 className="mt-6 mb-3 text-base font-semibold">Plans</h2>
      <DataTable
        label="NetSphere plans"
        columns={[
          { label: "Plan" },
          { label: "Monthly", align: "right" },
          { label: "Yearly", align: "right" },
          { label: "Customers", align: "right" },
          { label: "MikroTik", align: "right" },
          { label: "Includes" },
          { label: "Fits", srOnly: true },
        ]}
      >
        {plans.map((p) => {
          const current = p.id === usage.planId;
          const tooSmall = p.maxCustomers < usage.customers || p.maxRouters < usage.routers;
          return (
            <tr key={p.id} className={current ? "bg-muted" : undefined}>
              <td className="p-3 font-medium">
                {p.name} <span className="block text-xs text-muted-foreground">{p.tier === "shared" ? "Shared server" : "Private server"}</span>
              </td>
              <td className="p-3 text-right tabular-nums">{formatMoney(p.monthlyPriceCentavos)}</td>
              <td className="p-3 text-right tabular-nums">{formatMoney(p.yearlyPriceCentavos)}</td>
              <td className="p-3 text-right tabular-nums">{p.maxCustomers.toLocaleString("en-PH")}</td>
              <td className="p-3 text-right tabular-nums">{p.maxRouters}</td>
              <td className="p-3 text-xs text-muted-foreground">{p.features.join(" · ")}</td>
              <td className="p-3">
                {current ? <Badge tone="success">Current plan</Badge> : tooSmall ? <span className="text-xs text-muted-foreground">Below your usage</span> : null}
              </td>
            </tr>
          );
        })}
      </DataTable>
    </>
  );
}
