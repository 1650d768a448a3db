/*
 * RADIUS accounting upkeep every 5 minutes: stale open sessions closed (accounting.ts). Safe twice at once: a row
 * already closed is not matched again.
 */
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
import { closeStaleSessions } from "./accounting";

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
