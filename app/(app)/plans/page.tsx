import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { listPlans } from "@/lib/plans/service";
import { formatKbps, rateLimitOf } from "@/lib/plans/rules";
import { planCapLabel, planTypeLabels } from "@/lib/plans/format";
import { getTenant } from "@/lib/tenants/service";
import { formatMoney } from "@/lib/core/money";
import { DataTable } from "@/components/ui/table";
import { EmptyState, PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";

export const metadata = { title: "Service plans" };

export default async function PlansPage() {
  const ctx = await requireStaffPage("plans:view");
  const [plans, tenant] = await Promise.all([listPlans(ctx.db, { tenantId: ctx.tenantId }), getTenant(ctx.db, { tenantId: ctx.tenantId })]);
  const canWrite = can(ctx.role, "plans:write");
  return (
    <>
      <PageHeader
        title="Service plans"
        description="What you sell: speed, price and how it is enforced on your MikroTik routers."
        actions={
          canWrite ? (
            <Button asChild>
              <Link href="/plans/new">New plan</Link>
            </Button>
          ) : null
        }
      />
      {plans.length === 0 ? (
        <EmptyState
          title="No plans yet"
          action={
            canWrite ? (
              <Button asChild>
                <Link href="/plans/new">Create your first plan</Link>
              </Button>
            ) : null
          }
        >
          Plans set each subscriber&apos;s speed and monthly price. Create one before adding customers.
        </EmptyState>
      ) : (
        <DataTable
          columns={[
            { label: "Plan" },
            { label: "Type" },
            { label: "Speed (down/up)" },
            { label: "RouterOS rate-limit" },
            { label: "Data cap" },
            { label: "Price", align: "right" },
            { label: "Status" },
          ]}
        >
          {plans.map((p) => (
            <tr key={p.id}>
              <td className="p-3 font-medium">
                {canWrite ? (
                  <Link className="text-primary hover:underline" href={`/plans/${p.id}`}>
                    {p.name}
                  </Link>
                ) : (
                  p.name
                )}
              </td>
              <td className="p-3">{planTypeLabels[p.type]}</td>
              <td className="p-3 tabular-nums">
                {formatKbps(p.downloadKbps)} / {formatKbps(p.uploadKbps)}
                {p.burstDownloadKbps ? " + burst" : ""}
              </td>
              <td className="p-3 font-mono text-xs">{rateLimitOf(p)}</td>
              <td className="p-3">{p.quotaBytes == null ? <span className="text-muted-foreground">Unlimited</span> : planCapLabel(p)}</td>
              <td className="p-3 text-right tabular-nums">
                {formatMoney(p.priceCentavos, tenant.currency)}
                <span className="block text-xs text-muted-foreground">
                  {p.billingCycle}, {p.taxInclusive ? "VAT incl." : "+ VAT"}
                </span>
              </td>
              <td className="p-3">{p.active ? <Badge tone="success">Active</Badge> : <Badge>Inactive</Badge>}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
