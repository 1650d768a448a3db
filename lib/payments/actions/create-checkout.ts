"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf, recordAudit } from "@/lib/audit/record";
import { payLinkFor } from "@/lib/billing/pay-links";
import { notFound } from "@/lib/core/errors";
import { formatMoney } from "@/lib/core/money";
import { startCheckout } from "@/lib/payments/checkout";
import { findInvoiceForPayment } from "@/lib/payments/invoice";
import { providers } from "@/lib/payments/rules";

/**
 * A link staff can send a customer: the invoice's pay page (stable, lets the customer choose), and, when a
 * provider is given, a Stripe Checkout / PayPal page for the amount owed right now.
 */
export const createCheckoutAction = defineStaffAction({
  name: "payments.createCheckout",
  permission: "payments:record",
  input: z.object({
    invoiceId: z.uuid("Choose an invoice"),
    provider: z.enum(providers, "Choose Stripe or PayPal").optional(),
  }),
  run: async (ctx, { invoiceId, provider }) => {
    const invoice = await findInvoiceForPayment(ctx.db, { tenantId: ctx.tenantId, invoiceId });
    if (!invoice) throw notFound("Invoice");
    const payLink = payLinkFor({ tenantId: ctx.tenantId, invoiceId });
    if (!provider) return { payLink, checkoutUrl: null };
    const checkout = await startCheckout(ctx.db, { tenantId: ctx.tenantId, invoiceId, provider });
    await recordAudit(ctx.db, actorOf(ctx), {
      action: "payment.checkout_created",
      entityType: "invoice",
      entityId: invoiceId,
      customerId: invoice.customerId,
      after: { invoice: invoice.number, provider, amount: formatMoney(checkout.amountCentavos, checkout.currency) },
    });
    return { payLink, checkoutUrl: checkout.url };
  },
});
