import { staffRoute } from "@/lib/core/route";
import { networkMapData } from "@/lib/topology/map";

export const dynamic = "force-dynamic";

/** The network map's layers as compact arrays (lib/topology/map-values.ts); fetched by the map page after it loads. */
export const GET = staffRoute("network:view", async (ctx) => {
  const data = await networkMapData(ctx.db, { tenantId: ctx.tenantId });
  return Response.json(data, { headers: { "cache-control": "private, no-store" } });
});
