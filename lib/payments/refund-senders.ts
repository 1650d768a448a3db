/** Each gateway's refund call, for refunds.ts (which imports no gateway module, since they import it for their webhooks). */
import "server-only";
import { createStripeRefund } from "@/lib/payments/stripe-api";
import { refundPaypalCapture } from "@/lib/payments/paypal";
import { sendPaymongoRefund } from "@/lib/payments/paymongo";
import { sendXenditRefund } from "@/lib/payments/xendit";
import type { RefundSenders } from "@/lib/payments/refunds";

export const refundSenders: RefundSenders = {
  stripe: (gateway, { payment, amountCentavos, reason, idempotencyKey }) =>
    createStripeRefund(gateway, { paymentIntentId: payment.reference, amountCentavos, currency: payment.currency, reason, idempotencyKey }),
  paypal: (gateway, { payment, amountCentavos, reason, idempotencyKey }) =>
    refundPaypalCapture(gateway, { captureId: payment.reference, amountCentavos, currency: payment.currency, reason, idempotencyKey }),
  paymongo: sendPaymongoRefund,
  xendit: sendXenditRefund,
};
