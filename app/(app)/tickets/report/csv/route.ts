import { actorOf, recordAudit } from "@/lib/audit/record";
import { parseSearchParams, staffRoute } from "@/lib/core/route";
import { reportRangeSchema, slaReport, slaReportCsv } from "@/lib/tickets/report";

/** GET /tickets/report/csv?from=YYYY-MM-DD&to=YYYY-MM-DD → the SLA report's figures as CSV. */
export const GET = staffRoute("reports:sla", async (ctx, request) => {
  const range = parseSearchParams(request, reportRangeSchema);
  const report = await slaReport(ctx.db, { tenantId: ctx.tenantId, range });
  await recordAudit(ctx.db, actorOf(ctx), { action: "reports.sla_exported", entityType: "report", after: range });
  return new Response(`\uFEFF${slaReportCsv(report)}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="sla-report-${range.from}-to-${range.to}.csv"`,
      "Cache-Control": "no-store",
    },
  });
});
