import { requireStaffPage } from "@/lib/auth/session";
import { PageHeader } from "@/components/shell/page-header";
import { PlanForm } from "@/components/plans/plan-form";
import { listTaxClasses } from "@/lib/billing/invoices";

export const metadata = { title: "New plan" };

export default async function NewPlanPage() {
  const ctx = await requireStaffPage("plans:write");
  const taxClasses = await listTaxClasses(ctx.db, { tenantId: ctx.tenantId });
  return (
    <>
      <PageHeader title="New service plan" />
      <div className="max-w-3xl rounded-lg border bg-card p-4 sm:p-6">
        <PlanForm taxClasses={taxClasses.map((c) => ({ id: c.id, name: c.name }))} />
      </div>
    </>
  );
}
