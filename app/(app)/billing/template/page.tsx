import { requireStaffPage } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { loadBranding } from "@/lib/billing/documents/load-invoice";
import { PageHeader } from "@/components/shell/page-header";
import { BillingTabs } from "@/components/billing/billing-tabs";
import { InvoiceTemplateEditor } from "@/components/billing/invoice-template-form";

export const metadata = { title: "Invoice template" };

export default async function InvoiceTemplatePage() {
  const ctx = await requireStaffPage("billing:view");
  const branding = await loadBranding(ctx.db, { tenantId: ctx.tenantId });
  const readOnly = !can(ctx.role, "billing:settings");
  return (
    <>
      <PageHeader
        title="Invoice template"
        description={
          readOnly
            ? "How invoices and official receipts look. You can view the template; staff with billing settings access can change it."
            : "The logo, colour, notes and footer on every invoice and official receipt. Business name, address and TIN come from Settings."
        }
      />
      <BillingTabs />
      <div className="mt-5">
        <InvoiceTemplateEditor branding={branding} readOnly={readOnly} />
      </div>
    </>
  );
}
