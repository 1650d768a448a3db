import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/session";
import { listStaff } from "@/lib/auth/staff";
import { AppError } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import { timeZoneOrDefault } from "@/lib/core/time-zones";
import { datasetCatalog } from "@/lib/reports/builder/datasets";
import { canEdit, getSavedReport, lastRunOf, reportUserOf, type SavedReportItem } from "@/lib/reports/builder/service";
import { formatDateTime } from "@/lib/core/dates";
import { reportSpecSchema } from "@/lib/reports/builder/spec";
import { tenantLocale } from "@/lib/tenants/queries";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ReportBuilder, type SavedForBuilder } from "@/components/reports/report-builder";
import { ScheduleForm } from "@/components/reports/schedule-form";

export const metadata = { title: "Report builder" };

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function ReportBuilderPage({ searchParams }: { searchParams: SearchParams }) {
  const ctx = await requireStaffPage("reports:build");
  const user = reportUserOf(ctx);
  const { report: reportParam } = await searchParams;
  const reportId = typeof reportParam === "string" && isUuid(reportParam) ? reportParam : null;
  let saved: SavedReportItem | null = null;
  if (reportId) {
    try {
      saved = await getSavedReport(ctx.db, user, reportId);
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
    }
  }
  const catalog = datasetCatalog(ctx.role);
  const { currency } = await tenantLocale(ctx.db, { tenantId: ctx.tenantId });
  const timeZone = timeZoneOrDefault(ctx.timeZone);
  const editable = saved ? canEdit(user, saved) : false;
  const staff = editable ? (await listStaff(ctx.db, { tenantId: ctx.tenantId })).filter((s) => s.active).map((s) => ({ id: s.id, name: s.name, email: s.email })) : [];
  const lastRun = saved?.schedule && editable ? await lastRunOf(ctx.db, user, saved.schedule.id) : null;
  const forBuilder: SavedForBuilder | null = saved
    ? {
        id: saved.id,
        name: saved.name,
        spec: reportSpecSchema.parse(saved.spec),
        visibility: saved.visibility,
        sharedRoles: saved.sharedRoles,
        canEdit: editable,
      }
    : null;
  return (
    <>
      <PageHeader
        title={saved ? saved.name : "Report builder"}
        description={
          <>
            Choose a dataset, then columns, filters, grouping and totals. The preview runs on your live data; downloads hold every row.{" "}
            <Link className="text-primary underline" href="/reports">
              All saved reports
            </Link>
          </>
        }
      />
      {reportId && !saved ? <p className="mb-4 text-sm text-danger">That report does not exist or is not shared with you; you can build a new one.</p> : null}
      {catalog.length === 0 ? (
        <p>Your role has no dataset to report on.</p>
      ) : (
        <ReportBuilder key={saved?.id ?? "new"} catalog={catalog} saved={forBuilder} currency={currency} />
      )}
      {saved && editable ? (
        <Card className="mt-6">
          <CardHeader>
            <CardTitle>Email it on a schedule</CardTitle>
            <CardDescription>Sent through your outbox with the file attached, once per day, week or month, run with the permissions of the report&apos;s owner.</CardDescription>
          </CardHeader>
          <CardContent>
            {lastRun ? (
              <p className="mb-3 text-sm">
                {lastRun.status === "sent"
                  ? `Last sent ${formatDateTime(lastRun.at, timeZone)} with ${lastRun.rowCount.toLocaleString("en-PH")} rows.`
                  : lastRun.status === "failed"
                    ? `The last delivery (${formatDateTime(lastRun.at, timeZone)}) failed: ${lastRun.error ?? "no reason recorded"}`
                    : `A delivery started ${formatDateTime(lastRun.at, timeZone)}.`}
              </p>
            ) : null}
            <ScheduleForm
              reportId={saved.id}
              timeZone={timeZone}
              staff={staff}
              schedule={saved.schedule ? { ...saved.schedule, nextRunAt: saved.schedule.nextRunAt.toISOString() } : null}
            />
          </CardContent>
        </Card>
      ) : null}
    </>
  );
}
