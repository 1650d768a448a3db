/*
 * PayMongo's webhook for one tenant. No staff session: the Paymongo-Signature header, an HMAC of the raw body
 * with this tenant's webhook secret, decides whether the delivery is genuine (lib/payments/paymongo.ts).
 */
import { WEBHOOK_BODY_MAX_BYTES, readTextLimited } from "@/lib/core/body";
import { getDb } from "@/lib/db";
import { handlePaymongoWebhook } from "@/lib/payments/paymongo";
import { webhookResponse } from "@/lib/payments/webhook-response";

export const dynamic = "force-dynamic";

export async function POST(request: Request, context: { params: Promise<{ tenantId: string }> }): Promise<Response> {
  return webhookResponse("paymongo", async () => {
    const { tenantId } = await context.params;
    // The signature covers the exact bytes sent, so the body is kept as raw text.
    const payload = await readTextLimited(request, WEBHOOK_BODY_MAX_BYTES);
    return handlePaymongoWebhook(await getDb(), { tenantId, payload, headers: request.headers });
  });
}
