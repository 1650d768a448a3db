"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf, recordAudit } from "@/lib/audit/record";
import { payLinkFor } from "@/lib/billing/pay-links";
import { notFound } from "@/lib/core/errors";
import { formatMoney } from "@/lib/core/money";
import { startCheckout } from "@/lib/payments/checkout";
import { findInvoiceForPayment } from "@/lib/payments/invoice";
import { onlineMethods } from "@/lib/payments/rules";

/**
 * A link staff can send a customer: the invoice's pay page (stable, lets the customer choose), and, when a
 * method is given, the gateway's page (or the QR Ph status page) for the amount owed right now.
 */
export const createCheckoutAction = defineStaffAction({
  name: "payments.createCheckout",
  permission: "payments:record",
  // A subscriber paying is never held up by the ISP's own NetSphere invoice.
  changesData: false,
  input: z.object({
    invoiceId: z.uuid("Choose an invoice"),
    method: z.enum(onlineMethods, "Choose a way to pay").optional(),
  }),
  run: async (ctx, { invoiceId, method }) => {
    const invoice = await findInvoiceForPayment(ctx.db, { tenantId: ctx.tenantId, invoiceId });
    if (!invoice) throw notFound("Invoice");
    const payLink = payLinkFor({ tenantId: ctx.tenantId, invoiceId });
    if (!method) return { payLink, checkoutUrl: null };
    const checkout = await startCheckout(ctx.db, { tenantId: ctx.tenantId, invoiceId, method });
    await recordAudit(ctx.db, actorOf(ctx), {
      action: "payment.checkout_created",
      entityType: "invoice",
      entityId: invoiceId,
      customerId: invoice.customerId,
      after: { invoice: invoice.number, provider: checkout.provider, method, amount: formatMoney(checkout.amountCentavos, checkout.currency) },
    });
    return { payLink, checkoutUrl: checkout.url };
  },
});
