/*
 * Every background job, once. The in-process timers, `npm run worker` and the cron route all read this
 * list; adding a job is one import and one entry here (plus its line in vercel.json, which a test checks).
 */
import type { AnyJob } from "./define";
import { pollRoutersJob, trafficRollupJob } from "@/lib/monitoring/jobs";
import { reconcileRoutersJob } from "@/lib/provisioning/jobs";
import { billingDailyJob } from "@/lib/billing/jobs";
import { checkSlaJob } from "@/lib/tickets/jobs";
import { sendNotificationsJob } from "@/lib/notify/jobs";
import { escalateIncidentsJob, evaluateSitesJob } from "@/lib/alerts/jobs";
import { evaluateQuotasJob } from "@/lib/quotas/jobs";
import { capacityReportJob, detectAnomaliesJob, refreshPeriodUsageJob } from "@/lib/analytics/jobs";
import { expirePaymentRequestsJob } from "@/lib/payments/jobs";
import { deliverWebhooksJob } from "@/lib/webhooks/jobs";
import { netsphereBillingJob, portalDomainRecheckJob } from "@/lib/tenants/jobs";
import { deliverReportsJob } from "@/lib/reports/builder/jobs";
import { archiveRadiusAccountingJob, closeStaleRadiusSessionsJob } from "@/lib/radius/jobs";
import { tunnelHealthJob } from "@/lib/tunnels/jobs";

export const jobs: readonly AnyJob[] = [
  pollRoutersJob,
  trafficRollupJob,
  reconcileRoutersJob,
  billingDailyJob,
  checkSlaJob,
  sendNotificationsJob,
  escalateIncidentsJob,
  evaluateSitesJob,
  evaluateQuotasJob,
  refreshPeriodUsageJob,
  detectAnomaliesJob,
  expirePaymentRequestsJob,
  deliverWebhooksJob,
  netsphereBillingJob,
  capacityReportJob,
  deliverReportsJob,
  closeStaleRadiusSessionsJob,
  archiveRadiusAccountingJob,
  tunnelHealthJob,
  portalDomainRecheckJob,
];

export function findJob(name: string): AnyJob | undefined {
  return jobs.find((job) => job.name === name);
}
