import { staffRoute } from "@/lib/core/route";
import { subscriberStatus } from "@/lib/network/subscriber-status";

/** GET /api/field/subscriptions/:id/status → the subscriber's live session as the router reports it now. */
export const GET = staffRoute<{ subscriptionId: string }>("network:diagnose", async (ctx, _request, { params }) => {
  const { subscriptionId } = await params;
  const data = await subscriberStatus(ctx.db, { tenantId: ctx.tenantId, subscriptionId });
  return Response.json({ ok: true, data }, { headers: { "cache-control": "no-store" } });
});
