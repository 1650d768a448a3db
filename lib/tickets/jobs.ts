/*
 * The SLA checker, every minute on every runner (a Vercel Cron minute too): warnings before and alerts at a
 * breach, once each. Idempotent: the notice keys on the ticket make a second run (or an overlapping one) send nothing.
 */
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
import { checkSla } from "./sla-check";

export const checkSlaJob = defineJob({
  name: "check-sla",
  description: "Warns the assignee before a ticket misses its SLA and alerts them (or the admins) when it does.",
  payload: z.object({ tenantId: z.uuid().optional() }),
  schedule: { everySeconds: 60, cron: "* * * * *" },
  async run(ctx, payload) {
    return checkSla(ctx.db, { now: ctx.now(), tenantId: payload.tenantId, signal: ctx.signal });
  },
});
