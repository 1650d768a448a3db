/*
 * Stripe Checkout with the official `stripe` package. Each tenant has its own keys; the client can be
 * pointed at another base (host, port, protocol) from `payment_gateways.api_base_url`, which is how the
 * tests talk to a loopback fake instead of api.stripe.com.
 */
import "server-only";
import Stripe from "stripe";
import { paymentRequests } from "@/lib/billing/schema";
import { payLinkFor } from "@/lib/billing/pay-links";
import { AppError } from "@/lib/core/errors";
import { toMinorUnits } from "@/lib/core/money";
import { logger } from "@/lib/core/logger";
import { OutboundError, outboundFetch } from "@/lib/core/outbound";
import { requireEnabledGateway, type GatewayCredentials } from "@/lib/payments/gateways";
import { loadPayableInvoice } from "@/lib/payments/invoice";
import type { Db } from "@/lib/db/types";

/** Stripe's replies are JSON documents well under this. */
const MAX_REPLY_BYTES = 4 * 1024 * 1024;

export function stripeClient(gateway: Pick<GatewayCredentials, "secret" | "apiBaseUrl">): Stripe {
  const config: ConstructorParameters<typeof Stripe>[1] = {
    maxNetworkRetries: 1,
    timeout: 20_000,
    telemetry: false,
    appInfo: { name: "NetSphere ISP Suite" },
    // Every call under the outbound rules: a base URL override is the tenant's, so it must not reach the server's own network.
    httpClient: Stripe.createFetchHttpClient((input, init) => outboundFetch(input, init, { timeoutMs: 20_000, maxBytes: MAX_REPLY_BYTES })),
  };
  if (gateway.apiBaseUrl) {
    const url = new URL(gateway.apiBaseUrl);
    const protocol = url.protocol === "http:" ? "http" : "https";
    Object.assign(config, { protocol, host: url.hostname.replace(/^\[|\]$/g, ""), port: url.port || (protocol === "http" ? 80 : 443) });
  }
  return new Stripe(gateway.secret, config);
}

/** A Stripe failure as a message that names what to do; never the key, never Stripe's raw response. */
export function stripeFailure(error: unknown): unknown {
  if (!(error instanceof Stripe.errors.StripeError)) return error;
  logger.warn(
    { provider: "stripe", type: error.type, code: error.code, status: error.statusCode, requestId: error.requestId },
    "stripe request failed",
  );
  switch (error.type) {
    case "StripeAuthenticationError":
    case "StripePermissionError":
      return new AppError("payment_failed", "Stripe refused the saved secret key. An admin can fix it under Billing → Payment gateways.");
    case "StripeConnectionError":
      if (error.detail instanceof OutboundError && (error.detail.reason === "refused" || error.detail.reason === "redirect"))
        return new AppError(
          "payment_failed",
          `The Stripe API address saved for this ISP was not called: ${error.detail.message} An admin can clear it under Billing → Payment gateways.`,
        );
      return new AppError("payment_failed", "Stripe could not be reached just now. Nothing was charged; try again in a minute.");
    case "StripeInvalidRequestError":
      return new AppError("payment_failed", `Stripe could not start the payment: ${error.message}`);
    default:
      return new AppError("payment_failed", "Stripe could not be reached just now. Nothing was charged; try again in a minute.");
  }
}

/**
 * Starts a Stripe Checkout Session for what is still owed on an invoice and remembers it in
 * `payment_requests`, which is how the webhook later knows the session is ours and for whom.
 */
export async function createStripeCheckout(db: Db, { tenantId, customerId, invoiceId }: { tenantId: string; customerId: string; invoiceId: string }) {
  const gateway = await requireEnabledGateway(db, { tenantId, provider: "stripe" });
  const invoice = await loadPayableInvoice(db, { tenantId, invoiceId, customerId });
  const payLink = payLinkFor({ tenantId, invoiceId });
  const metadata = { tenantId, customerId, invoiceId, invoiceNumber: invoice.number };
  const stripe = stripeClient(gateway);
  let session: Stripe.Checkout.Session;
  try {
    session = await stripe.checkout.sessions.create({
      mode: "payment",
      line_items: [
        {
          quantity: 1,
          price_data: {
            currency: invoice.currency.toLowerCase(),
            // Stripe counts in the currency's minor unit: ₫150,000 is 150000, not 15000000.
            unit_amount: toMinorUnits(invoice.outstandingCentavos, invoice.currency),
            product_data: { name: `Invoice ${invoice.number}`, description: invoice.tenantName },
          },
        },
      ],
      client_reference_id: invoiceId,
      metadata,
      payment_intent_data: { metadata, description: `${invoice.tenantName} invoice ${invoice.number}` },
      ...(invoice.customerEmail ? { customer_email: invoice.customerEmail } : {}),
      success_url: `${payLink}?paid=stripe`,
      cancel_url: `${payLink}?cancelled=stripe`,
    });
  } catch (error) {
    throw stripeFailure(error);
  }
  if (!session.url) throw new AppError("payment_failed", "Stripe did not return a payment page. Try again in a minute.");
  try {
    await db.insert(paymentRequests).values({
      tenantId,
      customerId,
      invoiceId,
      provider: "stripe",
      externalId: session.id,
      amountCentavos: invoice.outstandingCentavos,
      currency: invoice.currency,
    });
  } catch (error) {
    // A session we cannot recognise later must not be paid: close it before giving up.
    await stripe.checkout.sessions.expire(session.id).catch(() => undefined);
    throw error;
  }
  return { url: session.url, sessionId: session.id, amountCentavos: invoice.outstandingCentavos, currency: invoice.currency };
}
