import { requirePlatformOperator } from "@/lib/auth/session";
import { listTenantsForOperator } from "@/lib/tenants/platform";
import { listSaasPlans } from "@/lib/tenants/service";
import { DataTable } from "@/components/ui/table";
import { PageHeader, EmptyState } from "@/components/shell/page-header";
import { Badge } from "@/components/ui/badge";
import { TenantControls } from "@/components/platform/tenant-controls";
import { PlatformTabs } from "@/components/platform/platform-tabs";
import { netsphereCycleLabels, platformStandingLabels } from "@/lib/tenants/values";

export const metadata = { title: "Tenants" };

export default async function PlatformPage() {
  const { db } = await requirePlatformOperator();
  const [rows, plans] = await Promise.all([listTenantsForOperator(db), listSaasPlans(db)]);
  return (
    <>
      <PageHeader title="ISPs on NetSphere" description={`${rows.length} ISP${rows.length === 1 ? "" : "s"}.`} />
      <PlatformTabs />
      {rows.length === 0 ? (
        <EmptyState title="No ISPs yet">ISPs appear here when they sign up.</EmptyState>
      ) : (
        <DataTable
          columns={[
            { label: "ISP" },
            { label: "Plan" },
            { label: "Customers", align: "right" },
            { label: "Routers", align: "right" },
            { label: "Status" },
            { label: "NetSphere billing" },
            { label: "Manage" },
          ]}
        >
          {rows.map((t) => (
            <tr key={t.id}>
              <td className="p-3 font-medium">
                {t.name}
                <span className="block text-xs text-muted-foreground">
                  {t.email} · since {t.createdAt.toISOString().slice(0, 10)}
                </span>
              </td>
              <td className="p-3">{t.planName}</td>
              <td className="p-3 text-right tabular-nums">
                {t.customers.toLocaleString("en-PH")} / {t.maxCustomers.toLocaleString("en-PH")}
              </td>
              <td className="p-3 text-right tabular-nums">
                {t.routers} / {t.maxRouters}
              </td>
              <td className="p-3">
                <Badge tone={t.status === "active" ? "success" : "danger"}>{t.status}</Badge>
              </td>
              <td className="p-3 text-xs">
                {t.standing ? `${platformStandingLabels[t.standing]} · ${netsphereCycleLabels[t.billingCycle ?? "monthly"]}` : "No account yet"}
              </td>
              <td className="p-3">
                <TenantControls
                  tenantId={t.id}
                  tenantName={t.name}
                  planId={t.planId}
                  status={t.status}
                  plans={plans.map((p) => ({ id: p.id, name: p.name }))}
                />
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
