/** Starting an online payment for an invoice, whichever gateway the customer picked. */
import "server-only";
import { notFound } from "@/lib/core/errors";
import { findInvoiceForPayment } from "@/lib/payments/invoice";
import { createPaypalCheckout } from "@/lib/payments/paypal";
import { createStripeCheckout } from "@/lib/payments/stripe";
import type { Provider } from "@/lib/payments/rules";
import type { Db } from "@/lib/db/types";

export async function startCheckout(db: Db, { tenantId, invoiceId, provider }: { tenantId: string; invoiceId: string; provider: Provider }) {
  const invoice = await findInvoiceForPayment(db, { tenantId, invoiceId });
  if (!invoice) throw notFound("Invoice");
  const ids = { tenantId, customerId: invoice.customerId, invoiceId };
  return provider === "stripe" ? createStripeCheckout(db, ids) : createPaypalCheckout(db, ids);
}
