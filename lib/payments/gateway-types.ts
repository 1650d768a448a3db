/*
 * Refunds and balance movements as NetSphere reads them, whichever gateway reported them: amounts in stored
 * centavos (lib/core/money.ts), signed as they move the ISP's gateway balance.
 */

export type GatewayRefund = { id: string; status: "pending" | "succeeded" | "failed"; amountCentavos: number; failureReason: string | null };

export type GatewayTransaction = {
  /** The gateway's balance or transaction id. */
  id: string;
  kind: "payment" | "refund" | "payout" | "fee" | "adjustment";
  /** What payments.reference holds for the payment concerned: the PaymentIntent id (Stripe), the capture id (PayPal). */
  paymentReference: string | null;
  /** The gateway's refund id, for kind "refund". */
  refundReference: string | null;
  /** Money in positive, refunds and payouts negative. */
  grossCentavos: number;
  /** What the gateway kept (negative when it gives a fee back, as on some refunds); 0 if none. */
  feeCentavos: number;
  /** grossCentavos − feeCentavos. */
  netCentavos: number;
  /** Upper case. */
  currency: string;
  occurredAt: Date;
  /** The payout (bank transfer) that carried it, when the gateway says. */
  payoutId: string | null;
};
