import { parseSearchParams, staffRoute } from "@/lib/core/route";
import { loadRouter } from "@/lib/routers/access";
import { liveTrafficStream } from "@/lib/monitoring/live";
import { resolveTrafficTarget, trafficQuerySchema } from "@/lib/monitoring/queries";

export const dynamic = "force-dynamic";

const paramsSchema = trafficQuerySchema({});

/**
 * GET /api/routers/:routerId/traffic?interface=ether1 | ?subscription=<id> → text/event-stream:
 * `ready` {router, source, kind}, then `traffic` {at, rxBps, txBps} once a second, `: keep-alive`
 * comments every 15 s, and a last `error` {code, message} when the router or the session can't be read.
 */
export const GET = staffRoute<{ routerId: string }>("routers:view", async (ctx, request, { params }) => {
  const { routerId } = await params;
  const query = parseSearchParams(request, paramsSchema);
  const router = await loadRouter(ctx.db, { tenantId: ctx.tenantId, routerId });
  const target = await resolveTrafficTarget(ctx.db, { tenantId: ctx.tenantId, routerId: router.id, query });
  return new Response(liveTrafficStream(router, target, request.signal), {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store, no-transform",
      Connection: "keep-alive",
      // Proxies such as nginx would otherwise hold the events back in a buffer.
      "X-Accel-Buffering": "no",
    },
  });
});
