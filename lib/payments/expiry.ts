/*
 * Checkouts nobody finished: past their expiry they are closed on the gateway (so an old link cannot be paid)
 * and marked expired here. Nothing else was ever written for them, so nothing else needs undoing; a payment the
 * gateway still reports afterwards is recorded all the same (settle.ts does not look at the request's status).
 */
import "server-only";
import { and, asc, eq, lt } from "drizzle-orm";
import { paymentRequests } from "@/lib/payments/schema";
import { logger } from "@/lib/core/logger";
import { loadGatewayCredentials, type GatewayCredentials } from "@/lib/payments/gateways";
import { stripeClient } from "@/lib/payments/stripe";
import { closePaymongoCheckout } from "@/lib/payments/paymongo";
import { closeXenditCheckout } from "@/lib/payments/xendit";
import { markPaymentRequest } from "@/lib/payments/settle";
import type { Provider } from "@/lib/payments/rules";
import type { Db } from "@/lib/db/types";

const BATCH = 200;

const closers: Record<Provider, (gateway: GatewayCredentials, externalId: string) => Promise<unknown>> = {
  stripe: (gateway, id) => stripeClient(gateway).checkout.sessions.expire(id),
  // An unapproved PayPal order lapses by itself after three hours.
  paypal: async () => undefined,
  paymongo: closePaymongoCheckout,
  xendit: closeXenditCheckout,
};

export async function expirePaymentRequests(db: Db, now: Date): Promise<{ expired: number; notClosed: number }> {
  const due = await db
    .select()
    .from(paymentRequests)
    .where(and(eq(paymentRequests.status, "pending"), lt(paymentRequests.expiresAt, now)))
    .orderBy(asc(paymentRequests.expiresAt))
    .limit(BATCH);
  let notClosed = 0;
  const gateways = new Map<string, GatewayCredentials | null>();
  for (const request of due) {
    const key = `${request.tenantId}:${request.provider}`;
    if (!gateways.has(key)) gateways.set(key, await loadGatewayCredentials(db, { tenantId: request.tenantId, provider: request.provider }));
    const gateway = gateways.get(key);
    try {
      if (gateway) await closers[request.provider](gateway, request.externalId);
    } catch (error) {
      // Already paid, already closed, or the gateway is unreachable: it is expired here either way.
      notClosed++;
      logger.info({ provider: request.provider, requestId: request.id, err: error instanceof Error ? error.message : String(error) }, "checkout not closed on the gateway");
    }
    await markPaymentRequest(db, request, "expired");
  }
  return { expired: due.length, notClosed };
}
