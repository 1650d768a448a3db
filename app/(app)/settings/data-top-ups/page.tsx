import { requireStaffPage } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getTenant } from "@/lib/tenants/service";
import { listPacks } from "@/lib/quotas/top-ups";
import { formatQuotaBytes, GB } from "@/lib/quotas/rules";
import { formatMoney } from "@/lib/core/money";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PacksEditor } from "@/components/quotas/packs-editor";

export const metadata = { title: "Data top-ups" };

export default async function DataTopUpsPage() {
  const ctx = await requireStaffPage("plans:view");
  const [packs, tenant] = await Promise.all([listPacks(ctx.db, { tenantId: ctx.tenantId }), getTenant(ctx.db, { tenantId: ctx.tenantId })]);
  const canEdit = can(ctx.role, "plans:write");
  return (
    <>
      <PageHeader
        title="Data top-ups"
        description={
          canEdit
            ? "Packs of extra data for subscribers on a plan with a data cap. Set the cap on each plan under Plans."
            : "Packs of extra data for subscribers on a plan with a data cap. An owner or admin can change them."
        }
      />
      <SettingsTabs role={ctx.role} />
      <Card>
        <CardHeader>
          <CardTitle>Packs</CardTitle>
          <CardDescription>
            Bought in the portal or sold by staff for the current cycle: invoiced at once, and the data is added straight away (or when that invoice is paid,
            if the subscriber has an overdue bill).
          </CardDescription>
        </CardHeader>
        <CardContent>
          <PacksEditor
            canEdit={canEdit}
            packs={packs.map((p) => ({
              id: p.id,
              name: p.name,
              gigabytes: p.bytes / GB,
              priceCentavos: p.priceCentavos,
              active: p.active,
              data: formatQuotaBytes(p.bytes),
              price: formatMoney(p.priceCentavos, tenant.currency),
            }))}
          />
        </CardContent>
      </Card>
    </>
  );
}
