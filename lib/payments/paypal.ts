/*
 * PayPal Checkout on Orders v2 (REST over fetch, see paypal-api.ts). The customer approves the order on
 * PayPal and comes back to /api/payments/paypal/return, where we capture it; PayPal also reports the capture
 * by webhook. Both paths record the payment with the key `paypal:<capture id>`, so a capture seen twice is
 * one payment.
 */
import "server-only";
import { statusLinkFor } from "@/lib/payments/status-links";
import type { Opened, OpenInput } from "@/lib/payments/checkout";
import { AppError } from "@/lib/core/errors";
import { env } from "@/lib/core/env";
import { logger } from "@/lib/core/logger";
import { decimalToMinorUnits, fromMinorUnits, minorUnitsToDecimal, toMinorUnits } from "@/lib/core/money";
import { loadGatewayCredentials, type GatewayCredentials } from "@/lib/payments/gateways";
import {
  captureOf,
  captureOrder,
  createOrder,
  getOrder,
  listPaypalTransactions,
  PaypalApiError,
  refundCapture,
  type PaypalAccount,
  type PaypalCapture,
  type PaypalTransactionRow,
} from "@/lib/payments/paypal-api";
import type { GatewayRefund, GatewayTransaction } from "@/lib/payments/gateway-types";
import { findPaymentRequest, markPaymentRequest, settlePaymentRequest, type PaymentRequestRow, type Settlement } from "@/lib/payments/settle";
import type { Db } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";

export const paypalAccountOf = (gateway: GatewayCredentials): PaypalAccount => ({
  clientId: gateway.publicId,
  clientSecret: gateway.secret,
  mode: gateway.mode,
  apiBaseUrl: gateway.apiBaseUrl,
});

/** A PayPal failure as a message to act on; the details (never the credentials) go to the log. */
export function paypalFailure(error: unknown): unknown {
  if (error instanceof PaypalApiError) {
    logger.warn(
      { provider: "paypal", status: error.status, name: error.errorName, issue: error.issue, debugId: error.debugId },
      "paypal request failed",
    );
    if (error.status === 401 || error.errorName === "invalid_client") {
      return new AppError("payment_failed", "PayPal refused the saved client id or secret. An admin can fix it under Billing → Payment gateways.");
    }
    if (error.errorName === "REFUSED_HOST") {
      return new AppError(
        "payment_failed",
        "The PayPal API address saved for this ISP is not PayPal's, so NetSphere did not call it. An admin can clear it under Billing → Payment gateways.",
      );
    }
    if (error.errorName === "UNREACHABLE" || error.errorName === "TIMEOUT") {
      return new AppError("payment_failed", "PayPal could not be reached just now. Nothing was charged; try again in a minute.");
    }
    if (error.issue === "INSTRUMENT_DECLINED")
      return new AppError("payment_failed", "PayPal declined the payment method. Try again with another card or account.");
    return new AppError("payment_failed", "PayPal could not complete the request. Nothing was charged; try again in a minute.");
  }
  return error;
}

export const paypalReturnUrl = () => `${env().APP_URL.replace(/\/+$/, "")}/api/payments/paypal/return`;

/** Opens a PayPal order for the amount owed; the customer approves it on PayPal and comes back to the return route. */
export async function openPaypalOrder(gateway: GatewayCredentials, { requestId, target, cancelUrl }: OpenInput): Promise<Opened> {
  let created: { id: string; approveUrl: string };
  try {
    created = await createOrder(paypalAccountOf(gateway), {
      requestId,
      currency: target.currency,
      value: minorUnitsToDecimal(toMinorUnits(target.amountCentavos, target.currency), target.currency),
      customId: target.invoiceId ?? requestId,
      description: target.label,
      brandName: target.tenantName,
      returnUrl: paypalReturnUrl(),
      cancelUrl,
    });
  } catch (error) {
    throw paypalFailure(error);
  }
  // PayPal keeps an unapproved order for three hours; nothing needs closing on its side.
  return { externalId: created.id, redirectUrl: created.approveUrl, expiresAt: new Date(clock.ms() + 3 * 3600_000), close: async () => undefined };
}

/** Records a completed capture against our request; anything else (pending, declined) records nothing yet. */
export async function settleCapture(
  db: Db,
  request: PaymentRequestRow,
  capture: PaypalCapture,
): Promise<Settlement | { outcome: "pending"; status: string }> {
  if (capture.status !== "COMPLETED") return { outcome: "pending", status: capture.status };
  if (capture.custom_id && request.invoiceId && capture.custom_id !== request.invoiceId) {
    logger.warn({ provider: "paypal", requestId: request.id, captureId: capture.id }, "paypal capture for another invoice not recorded");
    return { outcome: "rejected", reason: "invoice_mismatch" };
  }
  const minor = capture.amount ? decimalToMinorUnits(capture.amount.value, capture.amount.currency_code) : null;
  const amount = minor === null || !capture.amount ? null : fromMinorUnits(minor, capture.amount.currency_code);
  // What PayPal kept, as it reports it on the capture.
  const fee = capture.seller_receivable_breakdown?.paypal_fee;
  const feeMinor = fee ? decimalToMinorUnits(fee.value, fee.currency_code) : null;
  return settlePaymentRequest(db, request, {
    amountCentavos: amount ?? 0,
    currency: capture.amount?.currency_code ?? "",
    reference: capture.id,
    idempotencyKey: `paypal:${capture.id}`,
    receivedAt: capture.create_time && !Number.isNaN(Date.parse(capture.create_time)) ? new Date(capture.create_time) : clock.now(),
    feeCentavos: fee && feeMinor !== null ? fromMinorUnits(feeMinor, fee.currency_code) : undefined,
  });
}

export type ReturnOutcome = { redirectTo: string; outcome: "recorded" | "already_recorded" | "pending" | "rejected" | "failed" };

/**
 * The customer is back from PayPal with `?token=<order id>`. Only an order we created is captured (looked up
 * in payment_requests, which also says which tenant's credentials to use); the customer lands on the
 * payment's status page, which shows the result from our records.
 */
export async function completePaypalReturn(db: Db, { orderId }: { orderId: string }): Promise<ReturnOutcome | null> {
  const request = await findPaymentRequest(db, { provider: "paypal", externalId: orderId });
  if (!request) return null;
  // Whatever happened, the status page says it from our records.
  const back = statusLinkFor({ tenantId: request.tenantId, requestId: request.id });
  if (request.status === "completed") return { redirectTo: back, outcome: "already_recorded" };
  const gateway = await loadGatewayCredentials(db, { tenantId: request.tenantId, provider: "paypal" });
  if (!gateway) return { redirectTo: back, outcome: "failed" };
  const account = paypalAccountOf(gateway);
  let capture: PaypalCapture | null;
  try {
    capture = captureOf(await captureOrder(account, orderId));
  } catch (error) {
    // A reload of the return page, or the webhook got there first: read the capture instead.
    if (error instanceof PaypalApiError && error.issue === "ORDER_ALREADY_CAPTURED") {
      capture = captureOf(await getOrder(account, orderId).catch(() => ({ id: orderId, status: "UNKNOWN" })));
    } else {
      const failure = paypalFailure(error);
      if (!(failure instanceof AppError)) throw failure;
      await markPaymentRequest(db, request, "failed", failure.message);
      return { redirectTo: back, outcome: "failed" };
    }
  }
  if (!capture) return { redirectTo: back, outcome: "failed" };
  const settled = await settleCapture(db, request, capture);
  if (settled.outcome === "pending") return { redirectTo: back, outcome: "pending" };
  if (settled.outcome === "rejected") return { redirectTo: back, outcome: "rejected" };
  logger.info(
    { provider: "paypal", tenantId: request.tenantId, receipt: settled.receiptNumber, outcome: settled.outcome },
    "paypal payment captured",
  );
  return { redirectTo: back, outcome: settled.outcome };
}

/** PayPal's reasons for refusing a refund, as the rest of a sentence for the staff member who asked for it. */
const refundRefusals: Record<string, string> = {
  CAPTURE_FULLY_REFUNDED: "this payment has already been refunded in full.",
  REFUND_AMOUNT_EXCEEDED: "the amount is more than what is left to refund on this payment.",
  REFUND_TIME_LIMIT_EXCEEDED: "the payment is older than PayPal allows refunds for; return the money another way.",
  REFUND_TIME_EXCEEDED_FOR_PAYMENT_SOURCE: "the customer's card or bank no longer accepts refunds for this payment; return the money another way.",
  REFUND_FAILED_INSUFFICIENT_FUNDS: "the PayPal account does not hold enough money for it; add funds in PayPal and try again.",
  TRANSACTION_DISPUTED: "the customer has opened a dispute on this payment; settle it in PayPal's Resolution Center.",
  PENDING_CAPTURE: "PayPal has not completed this payment yet; try again once it has.",
  MAX_NUMBER_OF_REFUNDS_EXCEEDED: "this payment has had as many refunds as PayPal allows.",
  REFUND_NOT_ALLOWED: "PayPal does not allow refunding this payment.",
};

function refundFailure(error: unknown): unknown {
  if (!(error instanceof PaypalApiError)) return error;
  const refusal = error.issue ? refundRefusals[error.issue] : undefined;
  if (refusal || (error.status === 422 && error.issue)) {
    logger.warn({ provider: "paypal", status: error.status, issue: error.issue, debugId: error.debugId }, "paypal refused a refund");
    return new AppError("payment_failed", `PayPal refused the refund: ${refusal ?? `PayPal's reason is ${error.issue}.`}`);
  }
  if (error.errorName === "TIMEOUT" || error.errorName === "UNREACHABLE") {
    logger.warn({ provider: "paypal", name: error.errorName }, "paypal refund unanswered");
    // The request may have reached PayPal before the connection failed: unlike a payment, "nothing happened" is not known.
    return new AppError(
      "payment_failed",
      "PayPal did not answer, so NetSphere cannot tell whether the refund was made. Look at the payment in PayPal before trying again.",
    );
  }
  return paypalFailure(error);
}

const refundStatuses: Record<string, GatewayRefund["status"]> = { COMPLETED: "succeeded", PENDING: "pending", CANCELLED: "failed", FAILED: "failed" };

/**
 * Refunds part or all of a PayPal capture; the idempotency key goes to PayPal as the request id. The reason
 * goes to PayPal as the note to the payer, who sees it.
 */
export async function refundPaypalCapture(
  gateway: GatewayCredentials,
  input: { captureId: string; amountCentavos: number; currency: string; reason: string; idempotencyKey: string },
): Promise<GatewayRefund> {
  let made: Awaited<ReturnType<typeof refundCapture>>;
  try {
    made = await refundCapture(paypalAccountOf(gateway), {
      captureId: input.captureId,
      currency: input.currency,
      value: minorUnitsToDecimal(toMinorUnits(input.amountCentavos, input.currency), input.currency),
      requestId: input.idempotencyKey,
      note: input.reason,
    });
  } catch (error) {
    throw refundFailure(error);
  }
  // A status PayPal adds later is treated as not yet final: the refund is looked at again, never assumed done.
  const status = refundStatuses[made.status] ?? "pending";
  const minor = made.amount ? decimalToMinorUnits(made.amount.value, made.amount.currency_code) : null;
  return {
    id: made.id,
    status,
    amountCentavos: minor !== null && made.amount ? fromMinorUnits(minor, made.amount.currency_code) : input.amountCentavos,
    failureReason: status === "failed" ? made.status.toLowerCase() : null,
  };
}

/** Transaction search writes amounts signed ("-3.50"); our decimal parser takes the magnitude. */
function signedCentavos({ currency_code, value }: { currency_code: string; value: string }): number {
  const negative = value.startsWith("-");
  const minor = decimalToMinorUnits(negative ? value.slice(1) : value, currency_code);
  if (minor === null) throw new AppError("payment_failed", `PayPal reported an amount NetSphere cannot read (${value} ${currency_code}).`);
  const centavos = fromMinorUnits(minor, currency_code);
  return negative && centavos !== 0 ? -centavos : centavos;
}

/**
 * PayPal's transaction event codes (developer.paypal.com, "Transaction event codes"): T00nn money received,
 * T01nn fees, T04nn withdrawals to a bank, T1107 a refund the merchant made, T1108 a fee given back.
 * Everything else (conversions, holds, reversals, chargebacks) moves the balance without being one of these.
 */
function kindOfEventCode(code: string): GatewayTransaction["kind"] {
  if (code === "T1107") return "refund";
  if (code === "T1108") return "fee";
  const group = code.slice(0, 3);
  if (group === "T00") return "payment";
  if (group === "T01") return "fee";
  if (group === "T04") return "payout";
  return "adjustment";
}

function gatewayTransactionOf(row: PaypalTransactionRow): GatewayTransaction {
  const kind = kindOfEventCode(row.transaction_event_code);
  const grossCentavos = signedCentavos(row.transaction_amount);
  // PayPal writes the fee it takes as a negative amount, and a fee it gives back (on a refund) as a positive one.
  const feeAmount = row.fee_amount ? signedCentavos(row.fee_amount) : 0;
  const feeCentavos = feeAmount === 0 ? 0 : -feeAmount;
  // A refund or reversal points at the capture it undoes; a payment is the capture itself.
  const relatedCapture = row.paypal_reference_id && (row.paypal_reference_id_type ?? "TXN") === "TXN" ? row.paypal_reference_id : null;
  return {
    id: row.transaction_id,
    kind,
    paymentReference: kind === "payment" ? row.transaction_id : relatedCapture,
    refundReference: kind === "refund" ? row.transaction_id : null,
    grossCentavos,
    feeCentavos,
    netCentavos: grossCentavos - feeCentavos,
    currency: row.transaction_amount.currency_code.toUpperCase(),
    occurredAt: new Date(row.transaction_initiation_date),
    payoutId: kind === "payout" ? row.transaction_id : null,
  };
}

/** The PayPal account's balance-affecting transactions initiated in [since, until), for the settlement report. */
export async function listPaypalSettlement(gateway: GatewayCredentials, input: { since: Date; until: Date }): Promise<GatewayTransaction[]> {
  let rows: PaypalTransactionRow[];
  try {
    rows = await listPaypalTransactions(paypalAccountOf(gateway), input);
  } catch (error) {
    if (error instanceof PaypalApiError && error.status === 403) {
      logger.warn({ provider: "paypal", name: error.errorName, debugId: error.debugId }, "paypal transaction search not allowed");
      throw new AppError(
        "payment_failed",
        "PayPal did not let NetSphere list the account's transactions. Turn on Transaction Search for the REST app of these credentials (developer.paypal.com → Apps & Credentials); PayPal can take a few hours to apply it.",
      );
    }
    throw paypalFailure(error);
  }
  return rows.map(gatewayTransactionOf);
}
