/*
 * /api/v1/subscriptions/{id}/usage: a subscriber's traffic over a range from the monitoring rollups (the points the
 * staff and portal charts draw) with its totals, and where they stand against their plan's data cap this cycle.
 * Download is what the router sent to the subscriber, upload what it received from them.
 */
import { z } from "zod";
import { defineEndpoint } from "@/lib/api/endpoint";
import { calendarDate, idParam, iso, isoTime } from "@/lib/api/resources/common";
import { clock } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { loadSubscriptionTraffic, trafficHistory } from "@/lib/monitoring/queries";
import { retention } from "@/lib/monitoring/rollup";
import { quotaViews } from "@/lib/quotas/queries";
import { quotaActions, quotaDirections } from "@/lib/quotas/values";

const DAY_MS = 86_400_000;
const usageResolutions = ["1m", "1h", "1d"] as const;
type UsageResolution = (typeof usageResolutions)[number];

/** The span asked for when `from` is left out, and the longest one a request may ask for (minutes are kept two days). */
const defaultSpanMs: Record<UsageResolution, number> = { "1m": 3_600_000, "1h": DAY_MS, "1d": 30 * DAY_MS };
const longestSpanMs: Record<UsageResolution, number> = { "1m": Math.min(retention["1m"], 2 * DAY_MS), "1h": 31 * DAY_MS, "1d": 31 * DAY_MS };

const bytes = z.int().describe("Bytes");
const bps = z.int().describe("Bits per second");

export const usageSchema = z
  .object({
    subscriptionId: z.uuid(),
    username: z.string(),
    resolution: z.enum(usageResolutions),
    from: isoTime,
    to: isoTime,
    points: z
      .array(
        z.object({
          at: isoTime.describe("Start of the bucket"),
          downloadBytes: bytes,
          uploadBytes: bytes,
          downloadBps: bps.describe("Average over the bucket"),
          uploadBps: bps.describe("Average over the bucket"),
          downloadPeakBps: bps.describe("Highest rate seen inside the bucket"),
          uploadPeakBps: bps.describe("Highest rate seen inside the bucket"),
        }),
      )
      .describe("Oldest first; buckets without traffic are left out"),
    totals: z.object({ downloadBytes: bytes, uploadBytes: bytes, totalBytes: bytes }).describe("Over the range"),
    dataCap: z
      .object({
        cycleStart: calendarDate,
        cycleEnd: calendarDate,
        quotaBytes: bytes.describe("The plan's allowance per cycle"),
        topUpBytes: bytes.describe("Top-ups granted this cycle"),
        allowanceBytes: bytes.describe("quotaBytes + topUpBytes"),
        usedBytes: bytes.describe("What counts against the cap this cycle (see direction)"),
        downloadBytes: bytes,
        uploadBytes: bytes,
        direction: z.enum(quotaDirections),
        action: z.enum(quotaActions).describe("What happens at the cap"),
        level: z.enum(["under", "warning", "capped"]),
        enforced: z.boolean().describe("The router holds the subscriber at the cap now"),
        warnedAt: isoTime.nullable(),
        cappedAt: isoTime.nullable(),
      })
      .nullable()
      .describe("Null when the plan has no data cap"),
  })
  .meta({ id: "SubscriptionUsage" });

const instant = z.iso.datetime({ offset: true, message: "An ISO 8601 time, e.g. 2026-12-01T00:00:00+08:00" });

export const getSubscriptionUsage = defineEndpoint({
  method: "GET",
  path: "/subscriptions/{id}/usage",
  operationId: "getSubscriptionUsage",
  summary: "A subscription's traffic and data cap",
  description:
    "Traffic points of the subscription between `from` and `to` at the chosen resolution, with totals, and its data-cap " +
    "standing for the current cycle when its plan has a cap. Ranges: at most 2 days at `1m`, 31 days at `1h` and `1d`. " +
    "Defaults: `to` now, `from` one hour (1m), a day (1h) or 30 days (1d) before.",
  tag: "Usage",
  scope: "usage:read",
  params: idParam,
  query: z.object({
    resolution: z.enum(usageResolutions).default("1h").describe("Bucket size"),
    from: instant.optional(),
    to: instant.optional(),
  }),
  response: usageSchema,
  handle: async (ctx, { params, query }) => {
    const to = query.to ? new Date(query.to) : clock.now();
    const from = query.from ? new Date(query.from) : new Date(to.getTime() - defaultSpanMs[query.resolution]);
    if (from >= to) throw new AppError("validation", "`from` must be before `to`.", { fieldErrors: { from: ["Must be before `to`"] } });
    const longest = longestSpanMs[query.resolution];
    if (to.getTime() - from.getTime() > longest)
      throw new AppError("validation", `At ${query.resolution} resolution ask for at most ${longest / DAY_MS} days.`, {
        fieldErrors: { from: [`At most ${longest / DAY_MS} days before \`to\``] },
      });
    const subscription = await loadSubscriptionTraffic(ctx.db, { tenantId: ctx.tenantId, subscriptionId: params.id });
    const points = subscription.routerId
      ? await trafficHistory(ctx.db, {
          tenantId: ctx.tenantId,
          routerId: subscription.routerId,
          subjectType: "subscription",
          subject: subscription.id,
          resolution: query.resolution,
          from,
          to,
        })
      : [];
    const cap = (await quotaViews(ctx.db, { tenantId: ctx.tenantId, subscriptionIds: [subscription.id] })).get(subscription.id);
    const downloadBytes = points.reduce((sum, point) => sum + point.txBytes, 0);
    const uploadBytes = points.reduce((sum, point) => sum + point.rxBytes, 0);
    return {
      subscriptionId: subscription.id,
      username: subscription.username,
      resolution: query.resolution,
      from: iso(from)!,
      to: iso(to)!,
      // The subscription's points are counted at the router: what it transmits is the subscriber's download.
      points: points.map((point) => ({
        at: point.t,
        downloadBytes: point.txBytes,
        uploadBytes: point.rxBytes,
        downloadBps: point.txBps,
        uploadBps: point.rxBps,
        downloadPeakBps: point.txMaxBps,
        uploadPeakBps: point.rxMaxBps,
      })),
      totals: { downloadBytes, uploadBytes, totalBytes: downloadBytes + uploadBytes },
      dataCap: cap
        ? {
            cycleStart: cap.cycleStart,
            cycleEnd: cap.cycleEnd,
            quotaBytes: cap.quotaBytes,
            topUpBytes: cap.topUpBytes,
            allowanceBytes: cap.allowanceBytes,
            usedBytes: cap.usedBytes,
            downloadBytes: cap.downloadBytes,
            uploadBytes: cap.uploadBytes,
            direction: cap.direction,
            action: cap.action,
            level: cap.level,
            enforced: cap.enforced,
            warnedAt: iso(cap.warnedAt),
            cappedAt: iso(cap.cappedAt),
          }
        : null,
    };
  },
});
