import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/core/dates";
import { timeZoneOrDefault } from "@/lib/core/time-zones";
import { canEdit, listSavedReports, reportUserOf } from "@/lib/reports/builder/service";
import { datasetLabels, weekdayLabels } from "@/lib/reports/builder/values";
import type { ReportSchedule } from "@/lib/reports/builder/service";
import { PageHeader, EmptyState } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/table";
import { DeleteReportButton } from "@/components/reports/delete-report-button";
import { ReportDownload } from "@/components/reports/report-download";

export const metadata = { title: "Reports" };

function scheduleText(schedule: ReportSchedule | null) {
  if (!schedule || !schedule.enabled) return "Not scheduled";
  const when =
    schedule.frequency === "daily"
      ? "Daily"
      : schedule.frequency === "weekly"
        ? `Weekly on ${weekdayLabels[schedule.weekday ?? 1]}`
        : `Monthly on day ${schedule.monthDay}`;
  const count = schedule.recipientUserIds.length + schedule.recipientEmails.length;
  return `${when} at ${schedule.timeOfDay} to ${count} ${count === 1 ? "recipient" : "recipients"}`;
}

export default async function ReportsPage() {
  const ctx = await requireStaffPage("reports:build");
  const user = reportUserOf(ctx);
  const reports = await listSavedReports(ctx.db, user);
  const timeZone = timeZoneOrDefault(ctx.timeZone);
  return (
    <>
      <PageHeader
        title="Reports"
        description="Reports saved by your team: open one to change it, download it as CSV or Excel, or have it emailed on a schedule."
        actions={
          <Button asChild>
            <Link href="/reports/builder">New report</Link>
          </Button>
        }
      />
      {reports.length === 0 ? (
        <EmptyState
          title="No saved reports yet"
          action={
            <Link className="text-primary underline" href="/reports/builder">
              Build a report
            </Link>
          }
        >
          Pick a dataset, columns, filters and totals; the preview shows real data as you go.
        </EmptyState>
      ) : (
        <DataTable
          label="Saved reports"
          columns={[
            { label: "Report" },
            { label: "Dataset" },
            { label: "Owner" },
            { label: "Shared" },
            { label: "Schedule" },
            { label: "Changed" },
            { label: "Actions", srOnly: true },
          ]}
        >
          {reports.map((r) => (
            <tr key={r.id}>
              <td className="p-3 font-medium">
                <Link className="text-primary underline-offset-2 hover:underline" href={`/reports/builder?report=${r.id}`}>
                  {r.name}
                </Link>
              </td>
              <td className="p-3">{datasetLabels[r.dataset]}</td>
              <td className="p-3">{r.ownerName ?? "Removed staff member"}</td>
              <td className="p-3">{r.visibility === "shared" ? r.sharedRoles.join(", ") || "No roles" : "Private"}</td>
              <td className="p-3">{scheduleText(r.schedule)}</td>
              <td className="p-3 whitespace-nowrap">{formatDateTime(r.updatedAt, timeZone)}</td>
              <td className="p-3">
                <span className="flex flex-wrap gap-1">
                  <ReportDownload href={`/api/reports/export?reportId=${r.id}&format=csv`} format="csv" label="CSV" srLabel={`of ${r.name}`} />
                  <ReportDownload href={`/api/reports/export?reportId=${r.id}&format=xlsx`} format="xlsx" label="XLSX" srLabel={`of ${r.name}`} />
                  {canEdit(user, r) ? <DeleteReportButton reportId={r.id} name={r.name} /> : null}
                </span>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
