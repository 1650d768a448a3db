/*
 * Refunds and balance transactions on Stripe, through the tenant's own client (stripe.ts). Amounts cross
 * here between stored centavos and the currency's minor unit; Stripe's failures propagate as StripeError
 * for the caller to map with `stripeFailure`, except a refund Stripe refuses, whose message says why.
 */
import "server-only";
import Stripe from "stripe";
import { AppError } from "@/lib/core/errors";
import { logger } from "@/lib/core/logger";
import { fromMinorUnits, toMinorUnits } from "@/lib/core/money";
import type { GatewayCredentials } from "@/lib/payments/gateways";
import type { GatewayRefund, GatewayTransaction } from "@/lib/payments/gateway-types";
import { stripeClient } from "@/lib/payments/stripe";

type StripeGateway = Pick<GatewayCredentials, "secret" | "apiBaseUrl">;

/** Stripe keeps metadata values up to 500 characters. */
const METADATA_VALUE_MAX = 500;

const refundStatuses: Record<string, GatewayRefund["status"]> = {
  succeeded: "succeeded",
  pending: "pending",
  requires_action: "pending",
  failed: "failed",
  canceled: "failed",
};

function gatewayRefundOf(refund: Stripe.Refund): GatewayRefund {
  // A status Stripe adds later is treated as not yet final: the refund is looked at again, never assumed done.
  const status = refundStatuses[refund.status ?? ""] ?? "pending";
  return {
    id: refund.id,
    status,
    amountCentavos: fromMinorUnits(refund.amount, refund.currency),
    failureReason: status === "failed" ? (refund.failure_reason ?? refund.status) : null,
  };
}

/**
 * Refunds part or all of a PaymentIntent. The idempotency key makes a retried call (a timeout, a double
 * click) answer with the first refund instead of refunding twice.
 */
export async function createStripeRefund(
  gateway: StripeGateway,
  input: { paymentIntentId: string; amountCentavos: number; currency: string; reason: string; idempotencyKey: string },
): Promise<GatewayRefund> {
  try {
    const refund = await stripeClient(gateway).refunds.create(
      {
        payment_intent: input.paymentIntentId,
        amount: toMinorUnits(input.amountCentavos, input.currency),
        reason: "requested_by_customer",
        metadata: { reason: input.reason.slice(0, METADATA_VALUE_MAX) },
      },
      { idempotencyKey: input.idempotencyKey },
    );
    return gatewayRefundOf(refund);
  } catch (error) {
    if (!(error instanceof Stripe.errors.StripeInvalidRequestError)) throw error;
    logger.warn({ provider: "stripe", code: error.code, status: error.statusCode, requestId: error.requestId }, "stripe refused a refund");
    // Stripe's message names the cause (already refunded, more than is left) and carries no secret.
    throw new AppError("payment_failed", `Stripe refused the refund: ${error.message}`);
  }
}

const kindOfType: Record<string, GatewayTransaction["kind"]> = {
  charge: "payment",
  payment: "payment",
  refund: "refund",
  payment_refund: "refund",
  // A refund that failed gives the money back; it stays with its refund so the two cancel out.
  refund_failure: "refund",
  payment_failure_refund: "refund",
  payout: "payout",
  payout_cancel: "payout",
  payout_failure: "payout",
  stripe_fee: "fee",
  stripe_fx_fee: "fee",
  tax_fee: "fee",
};

const idOf = (value: string | { id: string } | null | undefined) => (typeof value === "string" ? value : (value?.id ?? null));

function gatewayTransactionOf(txn: Stripe.BalanceTransaction): GatewayTransaction {
  const kind = kindOfType[txn.type] ?? "adjustment";
  const source = txn.source;
  const sourceId = idOf(source);
  // Charges, refunds and disputes name their PaymentIntent once expanded; a bare id does not say which.
  const paymentIntent = source && typeof source !== "string" && "payment_intent" in source ? idOf(source.payment_intent) : null;
  const currency = txn.currency.toUpperCase();
  const grossCentavos = fromMinorUnits(txn.amount, currency);
  const feeCentavos = fromMinorUnits(txn.fee, currency);
  return {
    id: txn.id,
    kind,
    paymentReference: paymentIntent,
    refundReference: kind === "refund" ? sourceId : null,
    grossCentavos,
    feeCentavos,
    netCentavos: grossCentavos - feeCentavos,
    currency,
    occurredAt: new Date(txn.created * 1000),
    payoutId: kind === "payout" ? sourceId : null,
  };
}

/** Every balance transaction created in [since, until), newest first as Stripe lists them, across as many pages as it takes. */
export async function listStripeTransactions(gateway: StripeGateway, input: { since: Date; until: Date }): Promise<GatewayTransaction[]> {
  // `created` is in whole seconds: rounding both bounds up keeps the interval half-open.
  const created = { gte: Math.ceil(input.since.getTime() / 1000), lt: Math.ceil(input.until.getTime() / 1000) };
  const transactions: GatewayTransaction[] = [];
  for await (const txn of stripeClient(gateway).balanceTransactions.list({ created, limit: 100, expand: ["data.source"] })) {
    transactions.push(gatewayTransactionOf(txn));
  }
  return transactions;
}
