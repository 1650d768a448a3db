import "server-only";
import { AppError } from "@/lib/core/errors";
import { logger } from "@/lib/core/logger";
import type { Provider } from "@/lib/payments/rules";

export type WebhookReply = { status: number; body: Record<string, unknown> };

/** A delivery refused (bad signature, unknown endpoint, not an event): the gateway sees the status and why. */
export const refuse = (status: number, code: string, message: string): WebhookReply => ({ status, body: { ok: false, code, message } });

/** A delivery taken, with what became of it. */
export const acknowledged = (outcome: string, extra: Record<string, unknown> = {}): WebhookReply => ({
  status: 200,
  body: { ok: true, outcome, ...extra },
});

const noStore = { "cache-control": "no-store" };

/** A webhook handler's reply as JSON; a server fault is logged (no body, no headers: they hold signatures) and answered 500 so the provider retries. */
export async function webhookResponse(provider: Provider, handle: () => Promise<WebhookReply>): Promise<Response> {
  try {
    const reply = await handle();
    return Response.json(reply.body, { status: reply.status, headers: noStore });
  } catch (error) {
    // A body refused before it was read (too large, cut short): the sender's fault, answered with its own status.
    if (error instanceof AppError) {
      return Response.json({ ok: false, code: error.code, message: error.message }, { status: error.status, headers: noStore });
    }
    logger.error(
      { provider, err: error instanceof Error ? { name: error.name, message: error.message, stack: error.stack } : String(error) },
      "payment webhook failed",
    );
    return Response.json(
      { ok: false, code: "internal", message: "Something went wrong on our side; retry later." },
      { status: 500, headers: noStore },
    );
  }
}
