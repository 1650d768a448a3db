import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/session";
import { withoutNul, fieldErrorsOf } from "@/lib/core/action";
import { todayIn } from "@/lib/core/calendar";
import { getTenant } from "@/lib/tenants/service";
import { defaultReportRange, reportRangeSchema, slaReport } from "@/lib/tickets/report";
import { PageHeader } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { Input, Label } from "@/components/ui/input";
import { SlaReportTable } from "@/components/tickets/sla-report-table";

export const metadata = { title: "SLA report" };

export default async function SlaReportPage({ searchParams }: { searchParams: Promise<{ from?: string; to?: string }> }) {
  const ctx = await requireStaffPage("reports:sla");
  const tenant = await getTenant(ctx.db, { tenantId: ctx.tenantId });
  const fallback = defaultReportRange(todayIn(tenant.timezone));
  const asked = withoutNul(await searchParams);
  const parsed = reportRangeSchema.safeParse({ from: asked.from || fallback.from, to: asked.to || fallback.to });
  const errors = parsed.success ? {} : fieldErrorsOf(parsed.error);
  const range = parsed.success ? parsed.data : fallback;
  const report = await slaReport(ctx.db, { tenantId: ctx.tenantId, range });
  const csv = `/tickets/report/csv?${new URLSearchParams(range)}`;
  return (
    <>
      <PageHeader
        title="SLA report"
        description="Tickets opened in the period: how many met or breached their first-response and resolution targets. Targets still running are not counted."
        actions={
          <Button asChild variant="outline">
            <Link href="/tickets">Tickets</Link>
          </Button>
        }
      />
      <form method="get" className="mb-5 flex flex-wrap items-end gap-3">
        {(["from", "to"] as const).map((field) => (
          <div key={field} className="flex flex-col gap-1.5">
            <Label htmlFor={`report-${field}`}>{field === "from" ? "Opened from" : "Opened to"}</Label>
            <Input
              id={`report-${field}`}
              name={field}
              type="date"
              defaultValue={asked[field] || range[field]}
              aria-invalid={errors[field] ? true : undefined}
              aria-describedby={errors[field] ? `report-${field}-error` : undefined}
            />
            {errors[field] ? (
              <p id={`report-${field}-error`} className="text-xs font-medium text-danger">
                {errors[field][0]}
              </p>
            ) : null}
          </div>
        ))}
        <Button type="submit" variant="outline">
          Show
        </Button>
        <Button asChild>
          <a href={csv} download>
            Download CSV
          </a>
        </Button>
      </form>
      {!parsed.success ? (
        <p role="alert" className="mb-4 text-sm text-danger">
          That period is not valid; showing the last six months instead.
        </p>
      ) : null}
      <div className="flex flex-col gap-6">
        <SlaReportTable title="By priority" rows={report.byPriority} />
        <SlaReportTable title="By agent" rows={report.byAgent} />
        <SlaReportTable title="By month" rows={report.byMonth} />
      </div>
    </>
  );
}
