/*
 * The escalation clock: incidents nobody acknowledged within their rule's minutes reach the escalation
 * contacts, and incidents whose maintenance window ended unrecovered reach the on-call. Safe twice at once:
 * each step claims its incident with a conditional update.
 */
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
import { escalateIncidents } from "./incidents";
import { evaluateSites } from "./evaluate-sites";

export const escalateIncidentsJob = defineJob({
  name: "escalate-incidents",
  description: "Tells the escalation contacts about incidents not acknowledged in time, and the on-call about incidents still open when maintenance ends.",
  payload: z.object({}),
  schedule: { everySeconds: 60, cron: "* * * * *" },
  async run(ctx) {
    return escalateIncidents(ctx.db, ctx.now());
  },
});

export const evaluateSitesJob = defineJob({
  name: "evaluate-sites",
  description: "Judges site-wide rules (PPPoE sessions lost across all of a site's routers) from the latest polls.",
  payload: z.object({}),
  schedule: { everySeconds: 30, cron: "* * * * *" },
  async run(ctx) {
    return evaluateSites(ctx.db, ctx.now());
  },
});
