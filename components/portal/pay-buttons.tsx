import { payTokenFor } from "@/lib/billing/pay-links";
import type { OnlineMethod } from "@/lib/payments/rules";
import { MethodButtons } from "@/components/payments/method-buttons";

/**
 * The ISP's ways to pay online for one invoice: the same checkout the invoice's pay link uses, so the payment
 * lands on this invoice and service comes back by itself.
 */
export function PayButtons({ tenantId, invoiceId, invoiceNumber, methods }: { tenantId: string; invoiceId: string; invoiceNumber: string; methods: OnlineMethod[] }) {
  return <MethodButtons fields={{ token: payTokenFor({ tenantId, invoiceId }) }} methods={methods} what={`invoice ${invoiceNumber}`} />;
}
