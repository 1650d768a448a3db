/** Hourly: NetSphere invoices the ISPs, reminds them and keeps each one's standing (lib/tenants/netsphere-billing.ts). */
import { z } from "zod";
import { defineJob } from "@/lib/jobs/define";
import { runNetsphereBilling } from "./netsphere-billing";
import { recheckPortalDomains } from "./domains";

export const netsphereBillingJob = defineJob({
  name: "netsphere-billing",
  description:
    "Invoices ISPs for their NetSphere plan (first invoice when a trial ends), reminds them of what is due and keeps each ISP's standing: past due, read-only, paid up.",
  payload: z.object({}),
  schedule: { everySeconds: 3600, cron: "20 16 * * *" },
  async run(ctx) {
    return runNetsphereBilling(ctx.db, { now: ctx.now() });
  },
});

/** Every hour: verified portal domains whose last DNS check is six hours old are looked up again (domains.ts). */
export const portalDomainRecheckJob = defineJob({
  name: "portal-domain-recheck",
  description:
    "Looks the TXT record of each verified portal domain up again every six hours: owners and admins are told when it is gone, and a domain whose record stays gone for three days stops serving the portal.",
  payload: z.object({}),
  schedule: { everySeconds: 3600, cron: "50 * * * *" },
  async run(ctx) {
    return recheckPortalDomains(ctx.db, { now: ctx.now() });
  },
});
