/*
 * Xendit's callbacks for one tenant. No staff session: the x-callback-token header must equal this tenant's
 * verification token (constant-time comparison, lib/payments/xendit.ts).
 */
import { WEBHOOK_BODY_MAX_BYTES, readTextLimited } from "@/lib/core/body";
import { getDb } from "@/lib/db";
import { handleXenditCallback } from "@/lib/payments/xendit";
import { webhookResponse } from "@/lib/payments/webhook-response";

export const dynamic = "force-dynamic";

export async function POST(request: Request, context: { params: Promise<{ tenantId: string }> }): Promise<Response> {
  return webhookResponse("xendit", async () => {
    const { tenantId } = await context.params;
    const payload = await readTextLimited(request, WEBHOOK_BODY_MAX_BYTES);
    return handleXenditCallback(await getDb(), { tenantId, payload, headers: request.headers });
  });
}
