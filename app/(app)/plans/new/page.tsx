import { requireStaffPage } from "@/lib/auth/session";
import { PageHeader } from "@/components/shell/page-header";
import { PlanForm } from "@/components/plans/plan-form";

export const metadata = { title: "New plan" };

export default async function NewPlanPage() {
  await requireStaffPage("plans:write");
  return (
    <>
      <PageHeader title="New service plan" />
      <div className="max-w-3xl rounded-lg border bg-card p-4 sm:p-6">
        <PlanForm />
      </div>
    </>
  );
}
