import { z } from "zod";
import { AppError } from "@/lib/core/errors";
import { parseSearchParams, staffRoute } from "@/lib/core/route";
import { loadRouter } from "@/lib/routers/access";
import { trafficResolutions } from "@/lib/monitoring/schema";
import { loadSubscriptionTraffic, trafficHistory } from "@/lib/monitoring/queries";
import { retention } from "@/lib/monitoring/rollup";

export const dynamic = "force-dynamic";

/** The span a chart asks for when it gives no `from`, and the longest it may ask for, per resolution. */
const defaultSpanMs = { "1m": 3_600_000, "1h": 86_400_000, "1d": 30 * 86_400_000 } as const;

const paramsSchema = z
  .object({
    interface: z.string().trim().min(1).max(64).optional(),
    subscription: z.uuid("Unknown subscription").optional(),
    resolution: z.enum(trafficResolutions).default("1m"),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((p) => (p.interface === undefined) !== (p.subscription === undefined), {
    message: "Give either interface or subscription",
    path: ["interface"],
  });

/**
 * GET /api/routers/:routerId/traffic/history?interface=ether1 | ?subscription=<id>
 *   &resolution=1m|1h|1d&from=<ISO>&to=<ISO> → { ok, resolution, from, to, points: [{ t, rxBytes, txBytes, rxBps, txBps, rxMaxBps, txMaxBps }] }
 */
export const GET = staffRoute<{ routerId: string }>("routers:view", async (ctx, request, { params }) => {
  const { routerId } = await params;
  const query = parseSearchParams(request, paramsSchema);
  const router = await loadRouter(ctx.db, { tenantId: ctx.tenantId, routerId });
  const to = query.to ? new Date(query.to) : new Date();
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - defaultSpanMs[query.resolution]);
  if (from >= to) throw new AppError("validation", "from must be before to.", { fieldErrors: { from: ["from must be before to"] } });
  if (to.getTime() - from.getTime() > retention[query.resolution]) {
    throw new AppError("validation", `At ${query.resolution} resolution, ask for at most ${retention[query.resolution] / 86_400_000} days.`, {
      fieldErrors: { from: ["range too long for this resolution"] },
    });
  }
  let subject: { subjectType: "interface" | "subscription"; subject: string };
  if (query.subscription) {
    const subscription = await loadSubscriptionTraffic(ctx.db, { tenantId: ctx.tenantId, subscriptionId: query.subscription });
    if (subscription.routerId !== router.id) throw new AppError("not_found", "This subscription is not served by this router.");
    subject = { subjectType: "subscription", subject: subscription.id };
  } else {
    subject = { subjectType: "interface", subject: query.interface! };
  }
  const points = await trafficHistory(ctx.db, { tenantId: ctx.tenantId, routerId: router.id, resolution: query.resolution, from, to, ...subject });
  return Response.json(
    { ok: true, resolution: query.resolution, from: from.toISOString(), to: to.toISOString(), points },
    { headers: { "Cache-Control": "no-store" } },
  );
});
