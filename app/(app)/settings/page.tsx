import { requireStaffPage } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getTenant } from "@/lib/tenants/service";
import { businessValuesOf, taxValuesOf } from "@/lib/tenants/format";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { BusinessForm } from "@/components/settings/business-form";
import { TaxForm } from "@/components/settings/tax-form";
import { IsolationForm } from "@/components/settings/isolation-form";
import { isolationValuesOf } from "@/lib/provisioning/settings";

export const metadata = { title: "Settings" };

export default async function SettingsPage() {
  const ctx = await requireStaffPage("settings:view");
  const tenant = await getTenant(ctx.db, { tenantId: ctx.tenantId });
  const readOnly = !can(ctx.role, "settings:write");
  return (
    <>
      <PageHeader title="Settings" description={readOnly ? "You can view these settings; an owner or admin can change them." : undefined} />
      <SettingsTabs role={ctx.role} />
      <div className="grid gap-5 xl:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Business details</CardTitle>
            <CardDescription>Shown on invoices and official receipts.</CardDescription>
          </CardHeader>
          <CardContent>
            <BusinessForm initial={businessValuesOf(tenant)} readOnly={readOnly} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Currency and tax</CardTitle>
          </CardHeader>
          <CardContent>
            <TaxForm initial={taxValuesOf(tenant)} readOnly={readOnly} />
          </CardContent>
        </Card>
        <Card>
          <CardHeader>
            <CardTitle>Suspension on the routers</CardTitle>
            <CardDescription>What happens on MikroTik when a subscriber is suspended; reactivation restores the plan.</CardDescription>
          </CardHeader>
          <CardContent>
            <IsolationForm initial={isolationValuesOf(tenant)} readOnly={readOnly} />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
