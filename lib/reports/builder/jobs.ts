/* Every 5 minutes: scheduled reports whose time has come, emailed once per period (deliver.ts). */
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
import { deliverDueReports } from "./deliver";

export const deliverReportsJob = defineJob({
  name: "reports-deliver",
  description: "Emails saved reports on their daily, weekly or monthly schedule (the ISP's time zone) with the CSV or XLSX attached, once per period.",
  payload: z.object({}),
  schedule: { everySeconds: 300, cron: "*/5 * * * *" },
  async run(ctx) {
    return deliverDueReports(ctx.db, { now: ctx.now(), signal: ctx.signal });
  },
});
