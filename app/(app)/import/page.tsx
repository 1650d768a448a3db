import { Download } from "lucide-react";
import { requireStaffPage } from "@/lib/auth/session";
import { getTenant } from "@/lib/tenants/service";
import { getTenantUsage } from "@/lib/tenants/limits";
import { importReferenceNames, listImportJobs } from "@/lib/imports/queries";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { ImportWizard } from "@/components/imports/import-wizard";
import { RecentImports } from "@/components/imports/recent-imports";

export const metadata = { title: "Import customers" };

export default async function ImportPage() {
  const ctx = await requireStaffPage("customers:import");
  const [tenant, usage, names, jobs] = await Promise.all([
    getTenant(ctx.db, { tenantId: ctx.tenantId }),
    getTenantUsage(ctx.db, { tenantId: ctx.tenantId }),
    importReferenceNames(ctx.db, { tenantId: ctx.tenantId }),
    listImportJobs(ctx.db, { tenantId: ctx.tenantId }),
  ]);
  const room = Math.max(0, usage.maxCustomers - usage.customers);
  return (
    <>
      <PageHeader
        title="Import customers"
        description={`Bring your existing customers and their subscriptions from a spreadsheet. Your ${usage.planName} plan has room for ${room.toLocaleString("en-PH")} more customers.`}
        actions={
          <Button asChild variant="outline">
            <a href="/netsphere-customers-template.csv" download>
              <Download aria-hidden="true" />
              Download the template
            </a>
          </Button>
        }
      />
      <ImportWizard planNames={names.planNames} routerNames={names.routerNames} />
      <RecentImports jobs={jobs} timeZone={tenant.timezone} />
    </>
  );
}
