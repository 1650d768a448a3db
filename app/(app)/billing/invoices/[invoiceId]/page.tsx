import Link from "next/link";
import { Download } from "lucide-react";
import { requireStaffPage } from "@/lib/auth/session";
import { staffToday } from "@/lib/auth/context";
import { can } from "@/lib/auth/permissions";
import { or404 } from "@/lib/core/page";
import { formatDateTime } from "@/lib/core/dates";
import { loadInvoiceDocument } from "@/lib/billing/documents/load-invoice";
import { todayIn } from "@/lib/core/calendar";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { InvoiceStatusBadge } from "@/components/billing/format";
import { InvoiceDocument } from "@/components/billing/invoice-document";
import { EmailDocumentButton } from "@/components/billing/email-document-button";
import { printCss } from "@/components/billing/document-parts";
import { PrintButton } from "@/components/hotspot/print-button";
import { InvoiceActions } from "@/components/billing/invoice-actions";
import { PayOnlineButton } from "@/components/billing/pay-online-button";
import { offeredMethods } from "@/lib/payments/gateways";

/** The tab and the route announcement name the invoice and its customer. */
export async function generateMetadata({ params }: { params: Promise<{ invoiceId: string }> }) {
  const ctx = await requireStaffPage("billing:view");
  const { invoice, customer } = await or404(loadInvoiceDocument(ctx.db, { tenantId: ctx.tenantId, invoiceId: (await params).invoiceId }));
  return { title: `Invoice ${invoice.number} · ${customer.name}` };
}

export default async function InvoicePage({ params }: { params: Promise<{ invoiceId: string }> }) {
  const ctx = await requireStaffPage("billing:view");
  const doc = await or404(loadInvoiceDocument(ctx.db, { tenantId: ctx.tenantId, invoiceId: (await params).invoiceId }));
  const { invoice, customer, branding, totals } = doc;
  const methods = (await offeredMethods(ctx.db, { tenantId: ctx.tenantId })).map((o) => o.method);
  return (
    <>
      <style>{printCss}</style>
      <div data-print-hidden>
        <PageHeader
          title={`Invoice ${invoice.number}`}
          description={
            <span className="flex flex-wrap items-center gap-2">
              <Link href={`/customers/${customer.id}`} className="text-primary underline underline-offset-2">
                {customer.name}
              </Link>
              <InvoiceStatusBadge
                status={invoice.status}
                dueDate={invoice.dueDate}
                today={todayIn(branding.timezone)}
                outstanding={totals.balanceDueCentavos}
              />
              {invoice.emailedAt ? <span>Emailed {formatDateTime(invoice.emailedAt, branding.timezone)}</span> : null}
            </span>
          }
          actions={
            <>
              <Button asChild variant="outline">
                <a href={`/api/billing/documents/invoice/${invoice.id}`} download>
                  <Download aria-hidden="true" />
                  Download PDF
                </a>
              </Button>
              <PrintButton />
              {can(ctx.role, "billing:write") ? (
                <EmailDocumentButton kind="invoice" id={invoice.id} email={customer.email} customerId={customer.id} />
              ) : null}
              <InvoiceActions
                today={staffToday(ctx)}
                invoice={{
                  id: invoice.id,
                  number: invoice.number,
                  customerId: customer.id,
                  status: invoice.status,
                  totalCentavos: totals.totalCentavos,
                  amountPaidCentavos: totals.amountPaidCentavos,
                }}
                can={{ record: can(ctx.role, "payments:record"), write: can(ctx.role, "billing:write") }}
              />
              {can(ctx.role, "payments:record") && methods.length > 0 && invoice.status === "open" && totals.balanceDueCentavos > 0 ? (
                <PayOnlineButton invoiceId={invoice.id} methods={methods} />
              ) : null}
            </>
          }
        />
      </div>
      <InvoiceDocument doc={doc} links />
    </>
  );
}
