import { actorOf, recordAudit } from "@/lib/audit/record";
import { parseSearchParams, staffRoute } from "@/lib/core/route";
import { detailCsv } from "@/lib/reports/details";
import { detailParamsSchema } from "@/lib/reports/params";

/** GET /api/finance/export?metric=<name>&… → the rows behind a finance figure as CSV (the same rows as /finance/details). */
export const GET = staffRoute("reports:finance", async (ctx, request) => {
  const params = parseSearchParams(request, detailParamsSchema);
  const { filename, rows, stream } = await detailCsv(ctx.db, { tenantId: ctx.tenantId, params });
  await recordAudit(ctx.db, actorOf(ctx), { action: "reports.finance_exported", entityType: "report", after: { ...params, rows } });
  return new Response(stream, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
      "X-Row-Count": String(rows),
    },
  });
});
