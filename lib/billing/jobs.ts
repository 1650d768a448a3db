/*
 * The daily billing job: for each active tenant, the billing run up to today (in the tenant's time zone)
 * and then dunning. Both are idempotent, so the in-process runner and the worker run it hourly (new
 * subscriptions get their prepaid invoice the same hour) while Vercel Cron runs it once a day just after
 * midnight in Manila.
 */
import { z } from "zod";
import { tenantsToRun } from "@/lib/tenants/queries";
import { tenantHandle } from "@/lib/db/tenant-bound";
import { defineJob } from "@/lib/jobs/define";
import { runBilling } from "./run";
import { runDunning } from "./dunning";
import { todayIn } from "@/lib/core/calendar";

const payload = z.object({ tenantId: z.uuid().optional() });

export const billingDailyJob = defineJob({
  name: "billing-daily",
  description: "Invoices every subscription due by today, then sends reminders, adds late fees and suspends what is overdue.",
  payload,
  schedule: { everySeconds: 3600, cron: "5 16 * * *" },
  async split(ctx) {
    const rows = await tenantsToRun(ctx.db);
    return rows.map((row) => ({ key: row.id, payload: { tenantId: row.id } }));
  },
  async run(ctx, input) {
    const targets = await tenantsToRun(ctx.db, { tenantId: input.tenantId });
    const summary = { tenants: 0, invoices: 0, reminders: 0, lateFees: 0, suspended: 0 };
    for (const tenant of targets) {
      if (ctx.signal.aborted) break;
      const today = todayIn(tenant.timeZone, ctx.now());
      // The tenants are found on the owner's handle; each one's work runs bound to it by the row-level policies.
      const db = tenantHandle(ctx.db, tenant.id);
      const run = await runBilling(db, { tenantId: tenant.id, userId: null, userName: "Billing run" }, { billUpTo: today, trigger: "schedule" });
      const dunning = await runDunning(db, { tenantId: tenant.id, today });
      summary.tenants += 1;
      summary.invoices += run.invoicesCreated;
      summary.reminders += dunning.reminders;
      summary.lateFees += dunning.lateFees;
      summary.suspended += dunning.suspended;
    }
    return summary;
  },
});
