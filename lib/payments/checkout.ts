/*
 * Starting an online payment, whichever way the customer chose to pay. The method picks the gateway (each
 * method is carried by one enabled gateway, see gateways.ts); the gateway opens its checkout, QR code or order;
 * we remember it in `payment_requests` under an id chosen before the gateway is called, so the gateway's return
 * address can already name our status page. A checkout we could not remember is closed again: nobody can pay
 * something we would not recognise.
 */
import "server-only";
import { randomUUID } from "node:crypto";
import { paymentRequests } from "@/lib/payments/schema";
import { payLinkFor } from "@/lib/billing/pay-links";
import { AppError } from "@/lib/core/errors";
import { env } from "@/lib/core/env";
import { offeredMethods, requireEnabledGateway, type GatewayCredentials } from "@/lib/payments/gateways";
import { invoiceTarget, loadBalanceTarget, loadPayableInvoice, type PayTarget } from "@/lib/payments/invoice";
import { openPaypalOrder } from "@/lib/payments/paypal";
import { openPaymongoCheckout } from "@/lib/payments/paymongo";
import { openStripeCheckout } from "@/lib/payments/stripe";
import { openXenditCheckout } from "@/lib/payments/xendit";
import { statusLinkFor } from "@/lib/payments/status-links";
import { onlineMethodLabels, type OnlineMethod, type Provider } from "@/lib/payments/rules";
import type { Db } from "@/lib/db/types";

/** What the customer is sent to: the gateway's page, or (QR Ph) our status page showing the code. */
export type Opened = {
  externalId: string;
  redirectUrl: string | null;
  qrImage?: string | null;
  expiresAt: Date | null;
  /** Closes the checkout on the gateway (used when we could not remember it). */
  close: () => Promise<unknown>;
};

export type OpenInput = { requestId: string; method: OnlineMethod; target: PayTarget; statusUrl: string; cancelUrl: string };

const openers: Record<Provider, (gateway: GatewayCredentials, input: OpenInput) => Promise<Opened>> = {
  stripe: openStripeCheckout,
  paypal: openPaypalOrder,
  paymongo: openPaymongoCheckout,
  xendit: openXenditCheckout,
};

export type CheckoutStarted = { url: string; requestId: string; externalId: string; provider: Provider; amountCentavos: number; currency: string };

/** Where "Cancel" on the gateway's page leads: the invoice's pay page, or the portal for a balance payment. */
const cancelUrlOf = (target: PayTarget) =>
  target.invoiceId ? `${payLinkFor({ tenantId: target.tenantId, invoiceId: target.invoiceId })}?cancelled=1` : `${env().APP_URL.replace(/\/+$/, "")}/portal`;

async function open(db: Db, target: PayTarget, method: OnlineMethod): Promise<CheckoutStarted> {
  const option = (await offeredMethods(db, { tenantId: target.tenantId })).find((o) => o.method === method);
  if (!option) throw new AppError("conflict", `Paying with ${onlineMethodLabels[method]} is not switched on for this account.`);
  const gateway = await requireEnabledGateway(db, { tenantId: target.tenantId, provider: option.provider });
  const requestId = randomUUID();
  const statusUrl = statusLinkFor({ tenantId: target.tenantId, requestId });
  const opened = await openers[option.provider](gateway, { requestId, method, target, statusUrl, cancelUrl: cancelUrlOf(target) });
  try {
    await db.insert(paymentRequests).values({
      id: requestId,
      tenantId: target.tenantId,
      customerId: target.customerId,
      invoiceId: target.invoiceId,
      provider: option.provider,
      method,
      externalId: opened.externalId,
      amountCentavos: target.amountCentavos,
      currency: target.currency,
      qrImage: opened.qrImage ?? null,
      expiresAt: opened.expiresAt,
    });
  } catch (error) {
    await opened.close().catch(() => undefined);
    throw error;
  }
  return { url: opened.redirectUrl ?? statusUrl, requestId, externalId: opened.externalId, provider: option.provider, amountCentavos: target.amountCentavos, currency: target.currency };
}

/** A payment of what is still owed on one invoice. */
export async function startCheckout(
  db: Db,
  { tenantId, invoiceId, method, customerId }: { tenantId: string; invoiceId: string; method: OnlineMethod; customerId?: string },
) {
  const invoice = await loadPayableInvoice(db, { tenantId, invoiceId, customerId });
  return open(db, invoiceTarget(invoice), method);
}

/** A payment of the customer's whole balance (the portal's "Pay balance"). */
export async function startBalanceCheckout(db: Db, { tenantId, customerId, method }: { tenantId: string; customerId: string; method: OnlineMethod }) {
  return open(db, await loadBalanceTarget(db, { tenantId, customerId }), method);
}
