/** Hourly: NetSphere invoices the ISPs, reminds them and keeps each one's standing (lib/tenants/netsphere-billing.ts). */
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
import { runNetsphereBilling } from "./netsphere-billing";

export const netsphereBillingJob = defineJob({
  name: "netsphere-billing",
  description: "Invoices ISPs for their NetSphere plan (first invoice when a trial ends), reminds them of what is due and keeps each ISP's standing: past due, read-only, paid up.",
  payload: z.object({}),
  schedule: { everySeconds: 3600, cron: "20 16 * * *" },
  async run(ctx) {
    return runNetsphereBilling(ctx.db, { now: ctx.now() });
  },
});
