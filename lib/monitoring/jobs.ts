/*
 * The monitoring jobs: `poll-routers` (every router of every tenant, bounded concurrency, one router's
 * failure never stops the others) and `traffic-rollup` (interfaces' 5 minutes, hours, days, retention).
 */
import { and, inArray } from "drizzle-orm";
import { z } from "zod";
import type { Db } from "@/lib/db/types";
import { routers, type Router } from "@/lib/routers/schema";
import { logger } from "@/lib/core/logger";
import { eachLimited, STOP_GRACE_MS } from "@/lib/jobs/concurrency";
import { defineJob } from "@/lib/jobs/define";
import { pollRouter, type PollOptions, type RouterPollResult } from "./poll";
import { contactableRouters } from "@/lib/routers/access";
import { rollUpTraffic } from "./rollup";

/** Routers polled at once by one run: enough to hide network latency, few enough for one CPU core. */
export const POLL_CONCURRENCY = z.coerce
  .number()
  .int()
  .min(1)
  .max(512)
  .catch(32)
  .parse(process.env.POLL_CONCURRENCY ?? 32);

export type PollRunSummary = {
  routers: number;
  online: number;
  degraded: number;
  offline: number;
  failed: number;
  skipped: number;
  /** Routers still being polled when the run returned, a grace period after its deadline (they finish in the background). */
  running: number;
  /** Routers not started because the run was stopped or its deadline came (a cron call); the next run takes them. */
  left: number;
  durationMs: number;
};

export async function pollRouters(
  db: Db,
  options: {
    routerIds?: string[];
    concurrency?: number;
    signal?: AbortSignal;
    now?: () => Date;
    onResult?: (result: RouterPollResult) => void;
  } & PollOptions = {},
): Promise<PollRunSummary> {
  const startedAt = performance.now();
  const rows: Router[] = options.routerIds
    ? await db
        .select()
        .from(routers)
        .where(and(inArray(routers.id, options.routerIds), contactableRouters()))
    : await db.select().from(routers).where(contactableRouters());
  const summary: PollRunSummary = {
    routers: rows.length,
    online: 0,
    degraded: 0,
    offline: 0,
    failed: 0,
    skipped: 0,
    running: 0,
    left: 0,
    durationMs: 0,
  };
  const progress = await eachLimited(
    rows,
    options.concurrency ?? POLL_CONCURRENCY,
    async (router) => {
      try {
        const result = await pollRouter(db, router, options.now, { afterPoll: options.afterPoll });
        if (result.stale) summary.skipped += 1;
        else summary[result.status] += 1;
        options.onResult?.(result);
      } catch (error) {
        // A database hiccup for one router is logged and counted; the other routers still get polled.
        summary.failed += 1;
        logger.error({ err: error, routerId: router.id }, "router poll failed");
      }
    },
    options.signal,
    { graceMs: STOP_GRACE_MS },
  );
  summary.running = progress.started - progress.finished;
  summary.left = rows.length - progress.started;
  summary.durationMs = Math.round(performance.now() - startedAt);
  // A copy: routers still running after the grace keep counting into `summary`, not into what was reported.
  return { ...summary };
}

export const pollRoutersJob = defineJob({
  name: "poll-routers",
  description: "Reads every router's interface counters, sessions and health; records traffic, health and status.",
  payload: z.object({ routerId: z.uuid().optional() }),
  schedule: { everySeconds: 30, cron: "* * * * *" },
  async run(ctx, { routerId }) {
    return pollRouters(ctx.db, { routerIds: routerId ? [routerId] : undefined, signal: ctx.signal, now: ctx.now });
  },
  // The worker polls each router as its own unit, so many workers share the routers and one router is never polled twice at once.
  async split(ctx) {
    const rows = await ctx.db.select({ id: routers.id }).from(routers).where(contactableRouters());
    return rows.map((row) => ({ key: row.id, payload: { routerId: row.id } }));
  },
  unitOutcome: (summary) =>
    summary.skipped ? "busy" : summary.offline ? "unreachable" : summary.failed ? "failed" : summary.routers ? "polled" : "gone",
});

export const trafficRollupJob = defineJob({
  name: "traffic-rollup",
  description: "Rolls 1-minute traffic up into hours and days (interfaces also into 5 minutes) and deletes rows past their retention.",
  payload: z.object({}),
  schedule: { everySeconds: 300, cron: "*/5 * * * *" },
  async run(ctx) {
    return rollUpTraffic(ctx.db, ctx.now());
  },
});
