/*
 * PayPal Checkout on Orders v2 (REST over fetch, see paypal-api.ts). The customer approves the order on
 * PayPal and comes back to /api/payments/paypal/return, where we capture it; PayPal also reports the capture
 * by webhook. Both paths record the payment with the key `paypal:<capture id>`, so a capture seen twice is
 * one payment.
 */
import "server-only";
import { randomUUID } from "node:crypto";
import { paymentRequests } from "@/lib/billing/schema";
import { payLinkFor } from "@/lib/billing/pay-links";
import { AppError } from "@/lib/core/errors";
import { env } from "@/lib/core/env";
import { logger } from "@/lib/core/logger";
import { decimalToMinorUnits, fromMinorUnits, minorUnitsToDecimal, toMinorUnits } from "@/lib/core/money";
import { loadGatewayCredentials, requireEnabledGateway, type GatewayCredentials } from "@/lib/payments/gateways";
import { loadPayableInvoice } from "@/lib/payments/invoice";
import { captureOf, captureOrder, createOrder, getOrder, PaypalApiError, type PaypalAccount, type PaypalCapture } from "@/lib/payments/paypal-api";
import { findPaymentRequest, settlePaymentRequest, type PaymentRequestRow, type Settlement } from "@/lib/payments/settle";
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

/** Creates a PayPal order for what is still owed on an invoice and remembers it in `payment_requests`. */
export async function createPaypalCheckout(db: Db, { tenantId, customerId, invoiceId }: { tenantId: string; customerId: string; invoiceId: string }) {
  const gateway = await requireEnabledGateway(db, { tenantId, provider: "paypal" });
  const invoice = await loadPayableInvoice(db, { tenantId, invoiceId, customerId });
  const payLink = payLinkFor({ tenantId, invoiceId });
  let created: { id: string; approveUrl: string };
  try {
    created = await createOrder(paypalAccountOf(gateway), {
      requestId: randomUUID(),
      currency: invoice.currency,
      value: minorUnitsToDecimal(toMinorUnits(invoice.outstandingCentavos, invoice.currency), invoice.currency),
      customId: invoiceId,
      description: `Invoice ${invoice.number}`,
      brandName: invoice.tenantName,
      returnUrl: paypalReturnUrl(),
      cancelUrl: `${payLink}?cancelled=paypal`,
    });
  } catch (error) {
    throw paypalFailure(error);
  }
  await db.insert(paymentRequests).values({
    tenantId,
    customerId,
    invoiceId,
    provider: "paypal",
    externalId: created.id,
    amountCentavos: invoice.outstandingCentavos,
    currency: invoice.currency,
  });
  return { url: created.approveUrl, orderId: created.id, amountCentavos: invoice.outstandingCentavos, currency: invoice.currency };
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
  return settlePaymentRequest(db, request, {
    amountCentavos: amount ?? 0,
    currency: capture.amount?.currency_code ?? "",
    reference: capture.id,
    idempotencyKey: `paypal:${capture.id}`,
    receivedAt: capture.create_time && !Number.isNaN(Date.parse(capture.create_time)) ? new Date(capture.create_time) : clock.now(),
  });
}

export type ReturnOutcome = { redirectTo: string; outcome: "recorded" | "already_recorded" | "pending" | "rejected" | "failed" };

/**
 * The customer is back from PayPal with `?token=<order id>`. Only an order we created is captured (looked up
 * in payment_requests, which also says which tenant's credentials to use); the customer lands on the
 * invoice's pay page with the result.
 */
export async function completePaypalReturn(db: Db, { orderId }: { orderId: string }): Promise<ReturnOutcome | null> {
  const request = await findPaymentRequest(db, { provider: "paypal", externalId: orderId });
  if (!request) return null;
  const back = (query: string) =>
    request.invoiceId ? `${payLinkFor({ tenantId: request.tenantId, invoiceId: request.invoiceId })}?${query}` : `${env().APP_URL}/`;
  if (request.status === "completed") return { redirectTo: back("paid=paypal"), outcome: "already_recorded" };
  const gateway = await loadGatewayCredentials(db, { tenantId: request.tenantId, provider: "paypal" });
  if (!gateway) return { redirectTo: back("failed=paypal"), outcome: "failed" };
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
      return { redirectTo: back("failed=paypal"), outcome: "failed" };
    }
  }
  if (!capture) return { redirectTo: back("failed=paypal"), outcome: "failed" };
  const settled = await settleCapture(db, request, capture);
  if (settled.outcome === "pending") return { redirectTo: back("pending=paypal"), outcome: "pending" };
  if (settled.outcome === "rejected") return { redirectTo: back("failed=paypal"), outcome: "rejected" };
  logger.info(
    { provider: "paypal", tenantId: request.tenantId, receipt: settled.receiptNumber, outcome: settled.outcome },
    "paypal payment captured",
  );
  return { redirectTo: back("paid=paypal"), outcome: settled.outcome };
}
