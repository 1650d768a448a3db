/*
 * RADIUS accounting upkeep: every 5 minutes stale open sessions closed (accounting.ts); every hour ended sessions
 * moved to the archive and its monthly partitions kept (archive.ts). Both safe twice at once: a row already closed or
 * moved is not matched again, and partition upkeep takes an advisory lock.
 */
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
import { closeStaleSessions } from "./accounting";
import { maintainAccountingArchive } from "./archive";

export const closeStaleRadiusSessionsJob = defineJob({
  name: "radius-stale-sessions",
  description:
    "Closes RADIUS sessions their router stopped reporting (no interim update for three of its intervals), so Simultaneous-Use lets the subscriber log in again.",
  payload: z.object({}),
  schedule: { everySeconds: 300, cron: "*/5 * * * *" },
  async run(ctx) {
    return closeStaleSessions(ctx.db, ctx.now());
  },
});

export const archiveRadiusAccountingJob = defineJob({
  name: "radius-accounting-archive",
  description:
    "Moves RADIUS sessions ended more than a day ago from radacct to its archive (partitioned by month), and drops archive months past RADIUS_ACCOUNTING_RETENTION_DAYS.",
  payload: z.object({}),
  schedule: { everySeconds: 3600, cron: "40 * * * *" },
  async run(ctx) {
    return maintainAccountingArchive(ctx.db, ctx.now());
  },
});
