/*
 * Stripe Checkout with the official `stripe` package. Each tenant has its own keys; the client can be
 * pointed at another base (host, port, protocol) from `payment_gateways.api_base_url`, which is how the
 * tests talk to a loopback fake instead of api.stripe.com.
 */
import "server-only";
import Stripe from "stripe";
import { AppError } from "@/lib/core/errors";
import { toMinorUnits } from "@/lib/core/money";
import { logger } from "@/lib/core/logger";
import { OutboundError, outboundFetch } from "@/lib/core/outbound";
import type { GatewayCredentials } from "@/lib/payments/gateways";
import type { Opened, OpenInput } from "@/lib/payments/checkout";

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
 * Opens a Stripe Checkout Session for the amount owed. Stripe sends the customer back to our status page and
 * reports the payment by webhook (stripe-webhook.ts), which finds the session in `payment_requests`.
 */
export async function openStripeCheckout(gateway: GatewayCredentials, { requestId, target, statusUrl, cancelUrl }: OpenInput): Promise<Opened> {
  const metadata = { tenantId: target.tenantId, customerId: target.customerId, invoiceId: target.invoiceId ?? "", requestId };
  const stripe = stripeClient(gateway);
  let session: Stripe.Checkout.Session;
  try {
    session = await stripe.checkout.sessions.create(
      {
        mode: "payment",
        line_items: [
          {
            quantity: 1,
            price_data: {
              currency: target.currency.toLowerCase(),
              // Stripe counts in the currency's minor unit: ₫150,000 is 150000, not 15000000.
              unit_amount: toMinorUnits(target.amountCentavos, target.currency),
              product_data: { name: target.label, description: target.tenantName },
            },
          },
        ],
        client_reference_id: target.invoiceId ?? requestId,
        metadata,
        payment_intent_data: { metadata, description: `${target.tenantName} ${target.label.toLowerCase()}` },
        ...(target.customerEmail ? { customer_email: target.customerEmail } : {}),
        success_url: statusUrl,
        cancel_url: cancelUrl,
      },
      { idempotencyKey: `checkout-${requestId}` },
    );
  } catch (error) {
    throw stripeFailure(error);
  }
  if (!session.url) throw new AppError("payment_failed", "Stripe did not return a payment page. Try again in a minute.");
  return {
    externalId: session.id,
    redirectUrl: session.url,
    expiresAt: session.expires_at ? new Date(session.expires_at * 1000) : null,
    close: () => stripe.checkout.sessions.expire(session.id),
  };
}
