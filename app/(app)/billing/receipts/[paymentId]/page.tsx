import Link from "next/link";
import { Download } from "lucide-react";
import { requireStaffPage } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { or404 } from "@/lib/core/page";
import { loadReceiptDocument } from "@/lib/billing/documents/load-receipt";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { ReceiptDocument } from "@/components/billing/receipt-document";
import { EmailDocumentButton } from "@/components/billing/email-document-button";
import { printCss } from "@/components/billing/document-parts";
import { PrintButton } from "@/components/hotspot/print-button";
import { refundsOfPayment } from "@/lib/payments/refunds";
import { GatewayRefunds } from "@/components/billing/gateway-refunds";

export const metadata = { title: "Official receipt" };

export default async function ReceiptPage({ params }: { params: Promise<{ paymentId: string }> }) {
  const ctx = await requireStaffPage("billing:view");
  const doc = await or404(loadReceiptDocument(ctx.db, { tenantId: ctx.tenantId, paymentId: (await params).paymentId }));
  const { payment, customer } = doc;
  const refunds = await refundsOfPayment(ctx.db, { tenantId: ctx.tenantId, paymentId: payment.id });
  return (
    <>
      <style>{printCss}</style>
      <div data-print-hidden>
        <PageHeader
          title={`Official receipt ${payment.receiptNumber}`}
          description={
            <Link href={`/customers/${customer.id}`} className="text-primary underline underline-offset-2">
              {customer.name}
            </Link>
          }
          actions={
            <>
              <Button asChild variant="outline">
                <a href={`/api/billing/documents/receipt/${payment.id}`} download>
                  <Download aria-hidden="true" />
                  Download PDF
                </a>
              </Button>
              <PrintButton />
              {can(ctx.role, "payments:record") ? (
                <EmailDocumentButton kind="receipt" id={payment.id} email={customer.email} customerId={customer.id} />
              ) : null}
            </>
          }
        />
      </div>
      <ReceiptDocument doc={doc} />
      {refunds.length > 0 ? (
        <div data-print-hidden className="mt-6">
          <GatewayRefunds refunds={refunds} timeZone={doc.branding.timezone} />
        </div>
      ) : null}
    </>
  );
}
