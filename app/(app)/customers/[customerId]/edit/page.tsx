import { requireStaffPage } from "@/lib/auth/session";
import { staffToday } from "@/lib/auth/context";
import { getCustomer } from "@/lib/customers/service";
import { or404 } from "@/lib/core/page";
import { PageHeader } from "@/components/shell/page-header";
import { CustomerForm } from "@/components/customers/customer-form";

export const metadata = { title: "Edit customer" };

export default async function EditCustomerPage({ params }: { params: Promise<{ customerId: string }> }) {
  const ctx = await requireStaffPage("customers:write");
  const c = await or404(getCustomer(ctx.db, { tenantId: ctx.tenantId, customerId: (await params).customerId }));
  return (
    <>
      <PageHeader title={`Edit ${c.name}`} description={c.accountNumber} />
      <div className="max-w-3xl rounded-lg border bg-card p-4 sm:p-6">
        <CustomerForm
          today={staffToday(ctx)}
          customerId={c.id}
          plans={[]}
          routers={[]}
          initial={{
            name: c.name,
            phone: c.phone,
            altPhone: c.altPhone,
            email: c.email,
            tin: c.tin,
            serviceAddress: c.serviceAddress,
            barangay: c.barangay,
            city: c.city,
            latitude: c.latitude ?? "",
            longitude: c.longitude ?? "",
            tags: c.tags,
            notes: c.notes,
            status: c.status,
          }}
        />
      </div>
    </>
  );
}
