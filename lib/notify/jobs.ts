/*
 * The outbox's safety net and retry clock: sends every due message (new ones a kick missed, retries whose
 * backoff has passed, rows a crashed sender left behind). Safe to run anywhere and twice at once: rows are
 * claimed with SKIP LOCKED.
 */
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
import { sendDueNotifications } from "./outbox";

export const sendNotificationsJob = defineJob({
  name: "send-notifications",
  description: "Sends queued email, SMS, Telegram and WhatsApp messages; retries failures with backoff and keeps dead letters for admins.",
  payload: z.object({}),
  schedule: { everySeconds: 20, cron: "* * * * *" },
  async run(ctx) {
    return sendDueNotifications(ctx.db, { now: ctx.now, signal: ctx.signal, budgetMs: 50_000, maxMessages: 2000 });
  },
});
