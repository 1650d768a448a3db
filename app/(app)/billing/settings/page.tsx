import { requireStaffPage } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { getTenant } from "@/lib/tenants/service";
import { listPlans } from "@/lib/plans/service";
import { listTaxClasses } from "@/lib/billing/invoices";
import { billingSettingsOf } from "@/lib/billing/settings";
import { todayIn, yearOf } from "@/lib/core/calendar";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { BillingTabs } from "@/components/billing/billing-tabs";
import { BillingSettingsForm } from "@/components/billing/billing-settings-form";
import { TaxClasses } from "@/components/billing/tax-classes";

export const metadata = { title: "Billing settings" };

export default async function BillingSettingsPage() {
  const ctx = await requireStaffPage("billing:view");
  const [tenant, taxClasses, plans] = await Promise.all([
    getTenant(ctx.db, { tenantId: ctx.tenantId }),
    listTaxClasses(ctx.db, { tenantId: ctx.tenantId }),
    listPlans(ctx.db, { tenantId: ctx.tenantId }),
  ]);
  const canEdit = can(ctx.role, "billing:settings");
  const plansUsing = (taxClassId: string) => plans.filter((p) => p.taxClassId === taxClassId).length;
  return (
    <>
      <PageHeader
        title="Billing settings"
        description={
          canEdit
            ? "How and when subscribers are billed, reminded, charged late fees and suspended. Changes apply to invoices issued from now on."
            : "You can view these settings; someone with billing settings access can change them."
        }
      />
      <BillingTabs />
      <div className="mt-5 grid gap-5 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
        <Card>
          <CardHeader>
            <CardTitle>Billing policy</CardTitle>
          </CardHeader>
          <CardContent>
            <BillingSettingsForm initial={billingSettingsOf(tenant)} year={yearOf(todayIn(tenant.timezone))} readOnly={!canEdit} />
          </CardContent>
        </Card>
        <Card className="self-start">
          <CardHeader>
            <CardTitle>Tax classes</CardTitle>
            <CardDescription>VAT classes a plan can use instead of your standard rate, such as zero-rated or VAT-exempt services.</CardDescription>
          </CardHeader>
          <CardContent>
            <TaxClasses
              classes={taxClasses.map((c) => ({ id: c.id, name: c.name, rateBps: c.rateBps, exempt: c.exempt, plans: plansUsing(c.id) }))}
              vatRateBps={tenant.vatRateBps}
              canEdit={canEdit}
            />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
