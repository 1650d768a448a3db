/*
 * The webhooks' retry clock and safety net: sends every due delivery (new ones a kick missed, retries whose wait has
 * passed, deliveries a crashed sender left behind). Safe to run anywhere and twice at once: deliveries are claimed
 * with SKIP LOCKED and held while their request is in flight.
 */
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
import { sendDueWebhooks } from "./deliver";

export const deliverWebhooksJob = defineJob({
  name: "webhooks-deliver",
  description: "Posts queued webhook events to the ISPs' endpoints, signed; retries failures on the Standard Webhooks schedule and switches off endpoints that failed for a day.",
  payload: z.object({}),
  schedule: { everySeconds: 10, cron: "* * * * *" },
  async run(ctx) {
    return sendDueWebhooks(ctx.db, { signal: ctx.signal, budgetMs: 45_000, maxDeliveries: 2000 });
  },
});
