import { staffRoute } from "@/lib/core/route";
import { buildReportCsv } from "@/lib/imports/csv";
import { getImportJob, importReportRows } from "@/lib/imports/queries";

// The result report of one import (permission customers:import): each line of the file with
// imported/skipped and the reason. Another tenant's job, or a malformed id, is a 404.
export const dynamic = "force-dynamic";

export const GET = staffRoute<{ jobId: string }>("customers:import", async (ctx, _request, { params }) => {
  const { jobId } = await params;
  const job = await getImportJob(ctx.db, { tenantId: ctx.tenantId, jobId });
  const csv = buildReportCsv(await importReportRows(ctx.db, { tenantId: ctx.tenantId, jobId }));
  const base =
    job.fileName
      .replace(/\.csv$/i, "")
      .replace(/[^A-Za-z0-9._-]+/g, "-")
      .slice(0, 60) || "import";
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${base}-report-${job.createdAt.toISOString().slice(0, 10)}.csv"`,
      "cache-control": "no-store",
    },
  });
});
