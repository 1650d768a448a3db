import { staffRoute } from "@/lib/core/route";
import { incidentEventStream } from "@/lib/alerts/stream";

export const dynamic = "force-dynamic";

/**
 * GET /api/network/events → text/event-stream: `summary` {open, bySeverity, newest: [{id, number, title, severity}]}
 * at once and after every change to the ISP's incidents, `: keep-alive` comments every 20 s.
 */
export const GET = staffRoute("network:view", async (ctx, request) => {
  return new Response(incidentEventStream(ctx.db, ctx.tenantId, request.signal), {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store, no-transform",
      Connection: "keep-alive",
      // Proxies such as nginx would otherwise hold the events back in a buffer.
      "X-Accel-Buffering": "no",
    },
  });
});
