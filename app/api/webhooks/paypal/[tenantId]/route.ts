/*
 * PayPal's webhook for one tenant. No staff session: PayPal's verify-webhook-signature call, made with this
 * tenant's credentials and webhook id, decides whether the delivery is genuine (lib/payments/paypal-webhook.ts).
 */
import { WEBHOOK_BODY_MAX_BYTES, readTextLimited } from "@/lib/core/body";
import { getDb } from "@/lib/db";
import { handlePaypalWebhook } from "@/lib/payments/paypal-webhook";
import { webhookResponse } from "@/lib/payments/webhook-response";

export const dynamic = "force-dynamic";

export async function POST(request: Request, context: { params: Promise<{ tenantId: string }> }): Promise<Response> {
  return webhookResponse("paypal", async () => {
    const { tenantId } = await context.params;
    // Sent back to PayPal verbatim for verification, so it is kept as the raw text.
    const payload = await readTextLimited(request, WEBHOOK_BODY_MAX_BYTES);
    return handlePaypalWebhook(await getDb(), { tenantId, payload, headers: request.headers });
  });
}
