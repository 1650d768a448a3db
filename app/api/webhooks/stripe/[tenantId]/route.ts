/*
 * Stripe's webhook for one tenant. No staff session: the request proves itself with the Stripe-Signature
 * header, verified against this tenant's signing secret over the raw body (see lib/payments/stripe-webhook.ts).
 */
import { WEBHOOK_BODY_MAX_BYTES, readTextLimited } from "@/lib/core/body";
import { getDb } from "@/lib/db";
import { webhookResponse } from "@/lib/payments/webhook-response";
import { handleStripeWebhook } from "@/lib/payments/stripe-webhook";

export const dynamic = "force-dynamic";

export async function POST(request: Request, context: { params: Promise<{ tenantId: string }> }): Promise<Response> {
  return webhookResponse("stripe", async () => {
    const { tenantId } = await context.params;
    // The raw text, byte for byte: the signature covers it, so it must not be parsed and re-serialised first.
    const payload = await readTextLimited(request, WEBHOOK_BODY_MAX_BYTES);
    return handleStripeWebhook(await getDb(), { tenantId, payload, signature: request.headers.get("stripe-signature") });
  });
}
