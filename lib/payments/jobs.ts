/** Every 5 minutes: checkouts and QR codes past their expiry are closed on the gateway and marked expired. */
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
import { expirePaymentRequests } from "./expiry";

export const expirePaymentRequestsJob = defineJob({
  name: "payment-requests-expire",
  description: "Closes online checkouts and QR Ph codes nobody paid before they expired, so an old link cannot be paid.",
  payload: z.object({}),
  schedule: { everySeconds: 300, cron: "*/5 * * * *" },
  async run(ctx) {
    return expirePaymentRequests(ctx.db, ctx.now());
  },
});
