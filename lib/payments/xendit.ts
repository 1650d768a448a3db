/*
 * Xendit for our ISPs: GCash, Maya and GrabPay through a hosted invoice, QR Ph as a dynamic QR code shown on
 * our status page. Xendit calls back (POST /api/webhooks/xendit/<tenantId>) with the ISP's verification token
 * in `x-callback-token`; the tenant id in the URL only picks whose token to compare with.
 */
import "server-only";
import QRCode from "qrcode";
import { logger } from "@/lib/core/logger";
import { AppError } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import { clock } from "@/lib/core/clock";
import { loadGatewayCredentials, type GatewayCredentials } from "@/lib/payments/gateways";
import {
  createInvoice,
  createQrCode,
  createRefund,
  expireInvoice,
  listTransactions,
  parseXenditCallback,
  verifyXenditCallback,
  XenditApiError,
  type XenditAccount,
  type XenditChannel,
} from "@/lib/payments/xendit-api";
import { processGatewayEvent, settleConfirmedPayment } from "@/lib/payments/gateway-events";
import { findPaymentRequest, findPaymentRequestById, markPaymentRequest } from "@/lib/payments/settle";
import { settleGatewayRefund, type RefundSender } from "@/lib/payments/refunds";
import { gatewayFailure } from "@/lib/payments/failures";
import type { OnlineMethod } from "@/lib/payments/rules";
import type { GatewayTransaction } from "@/lib/payments/gateway-types";
import type { Opened, OpenInput } from "@/lib/payments/checkout";
import { acknowledged, refuse, type WebhookReply } from "@/lib/payments/webhook-response";
import type { Db } from "@/lib/db/types";

export const xenditAccountOf = (gateway: GatewayCredentials): XenditAccount => ({ secretKey: gateway.secret, apiBaseUrl: gateway.apiBaseUrl });

const channels: Partial<Record<OnlineMethod, XenditChannel>> = { gcash: "GCASH", maya: "PAYMAYA", grabpay: "GRABPAY", qrph: "QRPH" };

const INVOICE_LIFETIME_S = 24 * 3600;
/** A QR Ph code is for paying now, from the phone in hand. */
const QR_LIFETIME_MS = 15 * 60_000;

/** A Xendit failure as a message to act on (gatewayFailure); anything else passes through. */
export const xenditFailure = (error: unknown): unknown => (error instanceof XenditApiError ? gatewayFailure("xendit", error) : error);

export async function openXenditCheckout(gateway: GatewayCredentials, { requestId, method, target, statusUrl, cancelUrl }: OpenInput): Promise<Opened> {
  const account = xenditAccountOf(gateway);
  const channel = channels[method];
  if (!channel) throw new AppError("conflict", "Xendit does not carry this way to pay.");
  try {
    if (channel === "QRPH") {
      const qr = await createQrCode(account, {
        referenceId: requestId,
        amount: target.amountCentavos,
        currency: target.currency,
        expiresAt: new Date(clock.ms() + QR_LIFETIME_MS),
        idempotencyKey: requestId,
      });
      const qrImage = await QRCode.toDataURL(qr.qrString, { errorCorrectionLevel: "M", margin: 2, width: 320 });
      return { externalId: qr.id, redirectUrl: null, qrImage, expiresAt: qr.expiresAt, close: async () => undefined };
    }
    const invoice = await createInvoice(account, {
      externalId: requestId,
      amount: target.amountCentavos,
      currency: target.currency,
      description: `${target.tenantName}: ${target.label}`,
      channels: [channel],
      successUrl: statusUrl,
      failureUrl: cancelUrl,
      durationSeconds: INVOICE_LIFETIME_S,
      customer: { name: target.customerName, email: target.customerEmail || null },
    });
    return {
      externalId: invoice.id,
      redirectUrl: invoice.invoiceUrl,
      expiresAt: invoice.expiresAt ?? new Date(clock.ms() + INVOICE_LIFETIME_S * 1000),
      close: () => expireInvoice(account, invoice.id),
    };
  } catch (error) {
    throw xenditFailure(error);
  }
}

/** Closes an invoice we stopped waiting for; a QR code lapses by itself. */
export async function closeXenditCheckout(gateway: GatewayCredentials, externalId: string) {
  if (!externalId.startsWith("qr_")) await expireInvoice(xenditAccountOf(gateway), externalId);
}

export const sendXenditRefund: RefundSender = async (gateway, { payment, amountCentavos, reason, idempotencyKey }) => {
  try {
    const refund = await createRefund(xenditAccountOf(gateway), {
      // A hosted invoice is refunded by its id; a QR Ph payment by the payment's own id.
      ...(payment.method === "qrph" ? { paymentRequestId: payment.reference } : { invoiceId: payment.gatewayPaymentId ?? payment.reference }),
      referenceId: idempotencyKey,
      amount: amountCentavos,
      currency: payment.currency,
      reason: "REQUESTED_BY_CUSTOMER",
      idempotencyKey,
    });
    const status = refund.status === "SUCCEEDED" ? "succeeded" : refund.status === "FAILED" ? "failed" : "pending";
    logger.info({ provider: "xendit", refund: refund.id, status, reason: reason.length }, "xendit refund sent");
    return { id: refund.id, status, amountCentavos: refund.amount, failureReason: refund.failureCode };
  } catch (error) {
    throw xenditFailure(error);
  }
};

/** Xendit's balance transactions in a period as settlement lines. */
export async function listXenditSettlement(gateway: GatewayCredentials, range: { since: Date; until: Date }): Promise<GatewayTransaction[]> {
  const found = await listTransactions(xenditAccountOf(gateway), range);
  return found.map((t) => {
    const kind = t.type === "PAYMENT" ? "payment" : t.type === "REFUND" ? "refund" : t.type.includes("PAYOUT") || t.type.includes("WITHDRAW") ? "payout" : "adjustment";
    const sign = kind === "payment" ? 1 : -1;
    return {
      id: t.id,
      kind,
      paymentReference: kind === "payment" ? (t.productId ?? t.referenceId) : null,
      refundReference: kind === "refund" ? (t.productId ?? t.referenceId) : null,
      grossCentavos: sign * Math.abs(t.amount),
      feeCentavos: t.fee,
      netCentavos: sign * Math.abs(t.amount) - t.fee,
      currency: t.currency.toUpperCase(),
      occurredAt: t.createdAt,
      payoutId: null,
    };
  });
}

export async function handleXenditCallback(
  db: Db,
  { tenantId, payload, headers }: { tenantId: string; payload: string; headers: Headers },
): Promise<WebhookReply> {
  if (!isUuid(tenantId)) return refuse(404, "not_found", "There is no such webhook endpoint.");
  const gateway = await loadGatewayCredentials(db, { tenantId, provider: "xendit" });
  if (!gateway?.webhookSecret) return refuse(404, "not_found", "Xendit callbacks are not set up for this account.");
  if (!verifyXenditCallback(headers.get("x-callback-token"), gateway.webhookSecret)) {
    logger.warn({ provider: "xendit", tenantId }, "xendit callback refused");
    return refuse(401, "unauthorized", "The callback token does not match.");
  }
  const callback = parseXenditCallback(payload);
  if (!callback) return acknowledged("ignored", { reason: "not a callback we act on" });
  const context = { provider: "xendit" as const, tenantId, eventId: callback.id };
  const type = callback.kind === "invoice" ? `invoice.${callback.invoice.status.toLowerCase()}` : callback.kind === "qr_payment" ? "qr.payment" : `refund.${callback.status.toLowerCase()}`;

  return processGatewayEvent(db, { provider: "xendit", tenantId, eventId: `${callback.kind}:${callback.id}`, type }, async () => {
    if (callback.kind === "refund") {
      return settleGatewayRefund(db, {
        tenantId,
        provider: "xendit",
        externalId: callback.refundId,
        status: callback.status === "SUCCEEDED" ? "succeeded" : "failed",
        failureReason: callback.failureCode,
      });
    }
    if (callback.kind === "invoice") {
      const { invoice } = callback;
      const request =
        (await findPaymentRequest(db, { tenantId, provider: "xendit", externalId: invoice.id })) ??
        (isUuid(invoice.externalId) ? await findPaymentRequestById(db, { tenantId, provider: "xendit", id: invoice.externalId }) : null);
      if (invoice.status === "EXPIRED") {
        if (request) await markPaymentRequest(db, request, "expired");
        return { outcome: "expired" };
      }
      if (invoice.status !== "PAID" && invoice.status !== "SETTLED") return { outcome: "ignored", extra: { reason: `invoice ${invoice.status}` } };
      return settleConfirmedPayment(
        db,
        request,
        {
          amountCentavos: invoice.paidAmount ?? invoice.amount,
          currency: invoice.currency,
          reference: invoice.paymentId ?? invoice.id,
          idempotencyKey: `xendit:${invoice.id}`,
          receivedAt: invoice.paidAt && invoice.paidAt.getTime() <= clock.ms() ? invoice.paidAt : clock.now(),
          feeCentavos: invoice.feeCentavos ?? undefined,
        },
        context,
      );
    }
    const request =
      (await findPaymentRequest(db, { tenantId, provider: "xendit", externalId: callback.qrId })) ??
      (isUuid(callback.referenceId) ? await findPaymentRequestById(db, { tenantId, provider: "xendit", id: callback.referenceId }) : null);
    if (callback.status !== "SUCCEEDED" && callback.status !== "COMPLETED") {
      if (request) await markPaymentRequest(db, request, "failed", `QR Ph payment ${callback.status.toLowerCase()}`);
      return { outcome: "ignored", extra: { reason: `qr payment ${callback.status}` } };
    }
    return settleConfirmedPayment(
      db,
      request,
      {
        amountCentavos: callback.amount,
        currency: callback.currency,
        reference: callback.paymentId,
        idempotencyKey: `xendit:${callback.paymentId}`,
        receivedAt: callback.paidAt && callback.paidAt.getTime() <= clock.ms() ? callback.paidAt : clock.now(),
        feeCentavos: callback.fee ?? undefined,
      },
      context,
    );
  });
}
