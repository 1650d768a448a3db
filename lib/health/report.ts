/*
 * GET /api/health: what an uptime monitor or a load balancer checks. Cheap (a handful of small reads under a short
 * statement timeout), public, and free of secrets and tenant data: counts and ages only.
 *
 * - HTTP 503 when the database does not answer: nothing else works without it.
 * - "degraded" (HTTP 200) when the database answers but work is falling behind: a pg-boss queue whose oldest waiting
 *   job is older than JOB_LAG_LIMIT_SECONDS, routers not polled for three poll intervals, or queues with no worker.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";
import { jobsHealth, type JobsHealth } from "@/lib/jobs/health";
import { pollRoutersJob } from "@/lib/monitoring/jobs";
import { pollFreshness, type PollFreshness } from "@/lib/routers/poll-freshness";

export const JOB_LAG_LIMIT_SECONDS = 120;
const STATEMENT_TIMEOUT_MS = 2000;

export type HealthReport = {
  status: "ok" | "degraded" | "down";
  checkedAt: string;
  database: { ok: boolean; ms: number };
  jobs?: JobsHealth;
  polls?: PollFreshness & { intervalSeconds: number };
  problems: string[];
};

export async function healthReport(db: Db, now = clock.now()): Promise<HealthReport> {
  const started = performance.now();
  const checkedAt = now.toISOString();
  const pollInterval = pollRoutersJob.schedule.everySeconds;
  try {
    const { jobs, polls } = await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('statement_timeout', ${String(STATEMENT_TIMEOUT_MS)}, true)`);
      return {
        jobs: await jobsHealth(tx as unknown as Db),
        polls: await pollFreshness(tx, { now, overdueAfterSeconds: 3 * pollInterval }),
      };
    });
    const problems: string[] = [];
    if (jobs.runner === "worker") {
      for (const queue of jobs.queues)
        if (queue.oldestWaitingSeconds > JOB_LAG_LIMIT_SECONDS) problems.push(`${queue.queue}: oldest job waiting ${queue.oldestWaitingSeconds} s`);
      if (jobs.workersConnected === 0 && jobs.queues.some((queue) => queue.waiting > 0)) problems.push("jobs are waiting and no worker is connected");
    }
    if (polls.overdue > 0) problems.push(`${polls.overdue} router(s) not polled for ${polls.oldestOverdueSeconds} s`);
    return {
      status: problems.length ? "degraded" : "ok",
      checkedAt,
      database: { ok: true, ms: Math.round(performance.now() - started) },
      jobs,
      polls: { ...polls, intervalSeconds: pollInterval },
      problems,
    };
  } catch {
    // Only the fact is reported: the error text could name hosts or users of the database.
    return { status: "down", checkedAt, database: { ok: false, ms: Math.round(performance.now() - started) }, problems: ["the database did not answer"] };
  }
}
