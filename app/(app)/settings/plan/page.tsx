import { requireStaffPage } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getTenantUsage } from "@/lib/tenants/limits";
import { listSaasPlans } from "@/lib/tenants/service";
import { formatMoney } from "@/lib/core/money";
import { DataTable } from "@/components/ui/table";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { PageHeader } from "@/components/shell/page-header";
import { Badge } from "@/components/ui/badge";
import { ChoosePlanButton } from "@/components/settings/plan-picker";

export const metadata = { title: "NetSphere plan" };

export default async function PlanSettingsPage() {
  const ctx = await requireStaffPage("settings:view");
  const [usage, plans] = await Promise.all([getTenantUsage(ctx.db, { tenantId: ctx.tenantId }), listSaasPlans(ctx.db)]);
  const canChange = can(ctx.role, "billing:plan");
  return (
    <>
      <PageHeader
        title="NetSphere plan and limits"
        description={`You are on ${usage.planName}: ${usage.customers.toLocaleString("en-PH")} of ${usage.maxCustomers.toLocaleString("en-PH")} customers, ${usage.routers} of ${usage.maxRouters} routers.${canChange ? "" : " Only the owner can change the plan."}`}
      />
      <SettingsTabs role={ctx.role} />
      <DataTable
        columns={[
          { label: "Plan" },
          { label: "Monthly", align: "right" },
          { label: "Yearly", align: "right" },
          { label: "Customers", align: "right" },
          { label: "MikroTik", align: "right" },
          { label: "Includes" },
          { label: "Action", srOnly: true },
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
                {current ? (
                  <Badge tone="success">Current plan</Badge>
                ) : canChange && !tooSmall ? (
                  <ChoosePlanButton planId={p.id} planName={p.name} price={formatMoney(p.monthlyPriceCentavos)} />
                ) : tooSmall ? (
                  <span className="text-xs text-muted-foreground">Below your usage</span>
                ) : null}
              </td>
            </tr>
          );
        })}
      </DataTable>
    </>
  );
}
