/*
 * PayPal's webhook for one tenant. No staff session: PayPal's verify-webhook-signature call, made with this
 * tenant's credentials and webhook id, decides whether the delivery is genuine (lib/payments/paypal-webhook.ts).
 */
import { getDb } from "@/lib/db";
import { handlePaypalWebhook } from "@/lib/payments/paypal-webhook";
import { webhookResponse } from "@/lib/payments/webhook-response";

export const dynamic = "force-dynamic";

export async function POST(request: Request, context: { params: Promise<{ tenantId: string }> }): Promise<Response> {
  return webhookResponse("paypal", async () => {
    const { tenantId } = await context.params;
    // Sent back to PayPal verbatim for verification, so it is kept as the raw text.
    const payload = await request.text();
    return handlePaypalWebhook(await getDb(), { tenantId, payload, headers: request.headers });
  });
}
