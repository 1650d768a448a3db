import { requireStaffPage } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { formatMoney } from "@/lib/core/money";
import { formatDateTime } from "@/lib/core/dates";
import { getTenant } from "@/lib/tenants/service";
import { listBillingRuns } from "@/lib/billing/queries";
import { todayIn } from "@/lib/core/calendar";
import { PageHeader, EmptyState } from "@/components/shell/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { DataTable } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import { BillingTabs } from "@/components/billing/billing-tabs";
import { RunBilling } from "@/components/billing/run-billing";
import { AutoRefresh } from "@/components/billing/auto-refresh";

export const metadata = { title: "Billing runs" };

export default async function BillingRunsPage() {
  const ctx = await requireStaffPage("billing:view");
  const [tenant, runs] = await Promise.all([getTenant(ctx.db, { tenantId: ctx.tenantId }), listBillingRuns(ctx.db, { tenantId: ctx.tenantId })]);
  const running = runs.some((r) => r.status === "running");
  return (
    <>
      <PageHeader
        title="Billing"
        description="The billing run invoices every subscription due; it runs by itself every night and can be run here for any date."
      />
      <BillingTabs />
      {running ? <AutoRefresh seconds={2} /> : null}
      <div className="mt-5 grid grid-cols-1 gap-5">
        {can(ctx.role, "billing:run") ? (
          <Card>
            <CardHeader>
              <CardTitle>Run billing now</CardTitle>
              <CardDescription>
                {tenant.billingMode === "prepaid"
                  ? "Prepaid: a period is invoiced on its first day."
                  : "Postpaid: a period is invoiced the day after it ends."}{" "}
                Mid-period starts are prorated by day. A period already invoiced is never invoiced again.
              </CardDescription>
            </CardHeader>
            <CardContent>
              <RunBilling today={todayIn(tenant.timezone)} />
            </CardContent>
          </Card>
        ) : null}
        <section aria-labelledby="runs-heading" className="space-y-2">
          <h2 id="runs-heading" className="text-base font-semibold">
            Recent runs
          </h2>
          {runs.length === 0 ? (
            <EmptyState title="No billing runs yet">The first run happens tonight, or start one above.</EmptyState>
          ) : (
            <DataTable
              columns={[
                { label: "Started" },
                { label: "Bill up to" },
                { label: "By" },
                { label: "Progress" },
                { label: "Invoices", align: "right" },
                { label: "Amount", align: "right" },
                { label: "Status" },
              ]}
            >
              {runs.map((run) => (
                <tr key={run.id}>
                  <td className="whitespace-nowrap p-3">{formatDateTime(run.startedAt, tenant.timezone)}</td>
                  <td className="p-3">{run.billUpTo}</td>
                  <td className="p-3">{run.trigger === "schedule" ? "Nightly run" : "Staff"}</td>
                  <td className="p-3">
                    <progress
                      className="h-2 w-24 align-middle"
                      max={Math.max(run.subscriptionsTotal, 1)}
                      value={run.subscriptionsProcessed}
                      aria-label="Subscriptions processed"
                    />
                    <span className="ml-2 text-xs text-muted-foreground">
                      {run.subscriptionsProcessed} / {run.subscriptionsTotal}
                    </span>
                  </td>
                  <td className="p-3 text-right tabular-nums">{run.invoicesCreated}</td>
                  <td className="p-3 text-right tabular-nums">{formatMoney(Number(run.amountCentavos), tenant.currency)}</td>
                  <td className="p-3">
                    {run.status === "succeeded" ? (
                      <Badge tone="success">Done</Badge>
                    ) : run.status === "running" ? (
                      <Badge tone="info">Running</Badge>
                    ) : (
                      <Badge tone="danger">Failed</Badge>
                    )}
                    {run.error ? <span className="block text-xs text-danger">{run.error}</span> : null}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </section>
      </div>
    </>
  );
}
