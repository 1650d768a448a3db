import { requireStaffPage } from "@/lib/auth/session";
import { getTenant } from "@/lib/tenants/service";
import { todayIn } from "@/lib/core/calendar";
import { fieldJobsFor } from "@/lib/tickets/field-queries";
import { PageHeader, EmptyState } from "@/components/shell/page-header";
import { FieldJobList, type FieldJobCard } from "@/components/field/job-list";
import { SyncStatus } from "@/components/field/sync-status";
import { OfflineJobs } from "@/components/field/offline-jobs";
import { slaSummary } from "@/components/field/sla-text";
import { formatTicketNumber, priorityLabels, statusLabels } from "@/lib/tickets/rules";
import { clock } from "@/lib/core/clock";
import { formatCalendarDate } from "@/lib/core/dates";

export const metadata = { title: "My jobs" };

export default async function FieldJobsPage() {
  const ctx = await requireStaffPage("fieldwork:use");
  const tenant = await getTenant(ctx.db, { tenantId: ctx.tenantId });
  const today = todayIn(tenant.timezone);
  const jobs = await fieldJobsFor(ctx.db, { tenantId: ctx.tenantId, userId: ctx.userId, today, timeZone: tenant.timezone });
  const now = clock.now();
  const cardOf = (job: (typeof jobs.today)[number]): FieldJobCard => ({
    id: job.id,
    label: formatTicketNumber(job.number),
    subject: job.subject,
    priority: priorityLabels[job.priority],
    status: statusLabels[job.status],
    customerName: job.customerName,
    phone: job.phone ?? "",
    address: job.address,
    latitude: job.latitude,
    longitude: job.longitude,
    sla: slaSummary(job.ticket, now),
    scheduledFor: job.scheduledFor,
  });
  const todayCards = jobs.today.map(cardOf);
  const laterCards = jobs.later.map(cardOf);
  return (
    <>
      <PageHeader
        title="My jobs today"
        description={`Open tickets assigned to you that are planned for today (${formatCalendarDate(today)}) or earlier, or whose SLA falls due by tonight.`}
      />
      <SyncStatus />
      <OfflineJobs urls={[...todayCards, ...laterCards].map((card) => `/field/tickets/${card.id}`)} />
      {todayCards.length === 0 ? (
        <EmptyState title="No jobs for today">Tickets assigned to you appear here, most urgent first.</EmptyState>
      ) : (
        <FieldJobList jobs={todayCards} />
      )}
      {laterCards.length > 0 ? (
        <section aria-labelledby="later-jobs" className="mt-8 space-y-3">
          <h2 id="later-jobs" className="text-lg font-semibold">
            Coming up ({laterCards.length})
          </h2>
          <p className="text-sm text-muted-foreground">Planned for a later day, or with an SLA due after today.</p>
          <FieldJobList jobs={laterCards} />
        </section>
      ) : null}
    </>
  );
}
