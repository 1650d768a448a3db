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

export const metadata = { title: "My jobs" };

export default async function FieldJobsPage() {
  const ctx = await requireStaffPage("fieldwork:use");
  const tenant = await getTenant(ctx.db, { tenantId: ctx.tenantId });
  const today = todayIn(tenant.timezone);
  const jobs = await fieldJobsFor(ctx.db, { tenantId: ctx.tenantId, userId: ctx.userId, today });
  const now = clock.now();
  const cards: FieldJobCard[] = jobs.map((job) => ({
    id: job.id,
    label: formatTicketNumber(job.number),
    subject: job.subject,
    priority: priorityLabels[job.priority],
    status: statusLabels[job.status],
    customerName: job.customerName,
    phone: job.phone ?? "",
    address: job.address ?? "",
    latitude: job.latitude,
    longitude: job.longitude,
    sla: slaSummary(job.ticket, now),
    scheduledFor: job.scheduledFor,
  }));
  return (
    <>
      <PageHeader title="My jobs today" description={`Open tickets assigned to you, due today or earlier (${today}).`} />
      <SyncStatus />
      <OfflineJobs urls={cards.map((card) => `/field/tickets/${card.id}`)} />
      {cards.length === 0 ? (
        <EmptyState title="No jobs for today">Tickets assigned to you appear here, most urgent first.</EmptyState>
      ) : (
        <FieldJobList jobs={cards} />
      )}
    </>
  );
}
