import { requireStaffPage } from "@/lib/auth/session";
import { staffToday } from "@/lib/auth/context";
import { customerFormOptions } from "@/lib/customers/form-options";
import { PageHeader } from "@/components/shell/page-header";
import { CustomerForm } from "@/components/customers/customer-form";

export const metadata = { title: "New customer" };

export default async function NewCustomerPage() {
  const ctx = await requireStaffPage("customers:write");
  const { plans, routers } = await customerFormOptions(ctx.db, { tenantId: ctx.tenantId });
  return (
    <>
      <PageHeader title="New customer" description="The account number is assigned automatically." />
      <div className="max-w-3xl rounded-lg border bg-card p-4 sm:p-6">
        <CustomerForm
          today={staffToday(ctx)}
          initial={{
            name: "",
            phone: "",
            altPhone: "",
            email: "",
            tin: "",
            serviceAddress: "",
            barangay: "",
            city: "",
            latitude: "",
            longitude: "",
            tags: [],
            notes: "",
            status: "active",
          }}
          plans={plans}
          routers={routers}
        />
      </div>
    </>
  );
}
