import { requireStaffPage } from "@/lib/auth/session";
import { getPlan } from "@/lib/plans/service";
import { planToFormValues } from "@/lib/plans/format";
import { or404 } from "@/lib/core/page";
import { PageHeader } from "@/components/shell/page-header";
import { PlanForm } from "@/components/plans/plan-form";
import { listTaxClasses } from "@/lib/billing/invoices";

export const metadata = { title: "Edit plan" };

export default async function EditPlanPage({ params }: { params: Promise<{ planId: string }> }) {
  const ctx = await requireStaffPage("plans:write");
  const { planId } = await params;
  const [plan, taxClasses] = await Promise.all([or404(getPlan(ctx.db, { tenantId: ctx.tenantId, planId })), listTaxClasses(ctx.db, { tenantId: ctx.tenantId })]);
  return (
    <>
      <PageHeader title={`Edit ${plan.name}`} />
      <div className="max-w-3xl rounded-lg border bg-card p-4 sm:p-6">
        <PlanForm planId={plan.id} initial={planToFormValues(plan)} taxClasses={taxClasses.map((c) => ({ id: c.id, name: c.name }))} />
      </div>
    </>
  );
}
