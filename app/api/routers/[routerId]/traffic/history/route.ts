import { z } from "zod";
import { AppError } from "@/lib/core/errors";
import { parseSearchParams, staffRoute } from "@/lib/core/route";
import { loadRouter } from "@/lib/routers/access";
import { trafficResolutions } from "@/lib/monitoring/schema";
import { resolveTrafficTarget, trafficHistory, trafficQuerySchema, type TrafficSubject } from "@/lib/monitoring/queries";
import { retention } from "@/lib/monitoring/rollup";
import { clock } from "@/lib/core/clock";

export const dynamic = "force-dynamic";

/** The span a chart asks for when it gives no `from`, and the longest it may ask for, per resolution. */
const defaultSpanMs = { "1m": 3_600_000, "5m": 86_400_000, "1h": 86_400_000, "1d": 30 * 86_400_000 } as const;

const paramsSchema = trafficQuerySchema({
  resolution: z.enum(trafficResolutions).default("1m"),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

/**
 * GET /api/routers/:routerId/traffic/history?interface=ether1 | ?subscription=<id>
 *   &resolution=1m|5m|1h|1d (5m: interfaces only)&from=<ISO>&to=<ISO> → { ok, resolution, from, to, points: [{ t, rxBytes, txBytes, rxBps, txBps, rxMaxBps, txMaxBps }] }
 */
export const GET = staffRoute<{ routerId: string }>("routers:view", async (ctx, request, { params }) => {
  const { routerId } = await params;
  const query = parseSearchParams(request, paramsSchema);
  const router = await loadRouter(ctx.db, { tenantId: ctx.tenantId, routerId });
  const to = query.to ? new Date(query.to) : clock.now();
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - defaultSpanMs[query.resolution]);
  if (from >= to) throw new AppError("validation", "from must be before to.", { fieldErrors: { from: ["from must be before to"] } });
  if (to.getTime() - from.getTime() > retention[query.resolution]) {
    throw new AppError("validation", `At ${query.resolution} resolution, ask for at most ${retention[query.resolution] / 86_400_000} days.`, {
      fieldErrors: { from: ["range too long for this resolution"] },
    });
  }
  const target = await resolveTrafficTarget(ctx.db, { tenantId: ctx.tenantId, routerId: router.id, query });
  const subject: TrafficSubject =
    target.kind === "interface" ? { subjectType: "interface", subject: target.name } : { subjectType: "subscription", subject: target.subscriptionId };
  const points = await trafficHistory(ctx.db, { tenantId: ctx.tenantId, routerId: router.id, resolution: query.resolution, from, to, ...subject });
  return Response.json(
    { ok: true, resolution: query.resolution, from: from.toISOString(), to: to.toISOString(), points },
    { headers: { "Cache-Control": "no-store" } },
  );
});
