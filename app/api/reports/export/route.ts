import { z } from "zod";
import { recordAudit } from "@/lib/audit/record";
import { clock } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { parseSearchParams, staffRoute } from "@/lib/core/route";
import { localDate } from "@/lib/core/time-zones";
import { fieldErrorsOf } from "@/lib/core/action";
import { contentTypes, reportFileBody, reportFilename } from "@/lib/reports/builder/files";
import { streamReport } from "@/lib/reports/builder/run";
import { getSavedReport, reportUserOf } from "@/lib/reports/builder/service";
import { reportSpecSchema } from "@/lib/reports/builder/spec";
import { datasetLabels, exportFormats } from "@/lib/reports/builder/values";

export const maxDuration = 300;

const query = z.union([
  z.object({ reportId: z.uuid("Unknown report"), format: z.enum(exportFormats).default("csv") }),
  z.object({ spec: z.string().max(20_000, "The report is too long"), format: z.enum(exportFormats).default("csv"), name: z.string().max(120).optional() }),
]);

function specFromText(text: string) {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new AppError("validation", "The report could not be read.", { fieldErrors: { spec: ["Not a report"] } });
  }
  const parsed = reportSpecSchema.safeParse(raw);
  if (!parsed.success) throw new AppError("validation", "Some fields need attention.", { fieldErrors: fieldErrorsOf(parsed.error) });
  return parsed.data;
}

/**
 * GET /api/reports/export?reportId=…&format=csv|xlsx (a saved report the user may open) or ?spec=<JSON>&format=…
 * (the builder's unsaved report) → the whole report as a download, streamed in batches of rows; `X-Row-Count` says
 * how many rows are coming, so the browser can show progress. The same permission, tenant and field checks as the preview.
 */
export const GET = staffRoute("reports:build", async (ctx, request) => {
  const params = parseSearchParams(request, query);
  const user = reportUserOf(ctx);
  const saved = "reportId" in params ? await getSavedReport(ctx.db, user, params.reportId) : null;
  const spec = saved ? reportSpecSchema.parse(saved.spec) : specFromText((params as { spec: string }).spec);
  const now = clock.now();
  const stream = await streamReport(ctx.db, { ...user, now }, spec);
  const name = saved?.name ?? ("name" in params && params.name ? params.name : datasetLabels[spec.dataset]);
  // Customer and billing data leave the system: recorded like the other exports.
  await recordAudit(ctx.db, user, {
    action: "report.exported",
    entityType: "saved_report",
    entityId: saved?.id ?? null,
    after: { dataset: spec.dataset, format: params.format, rows: stream.rowCount },
  });
  const filename = reportFilename(name, params.format, localDate(now, user.timeZone));
  return new Response(reportFileBody(stream, params.format, name), {
    headers: {
      "Content-Type": contentTypes[params.format],
      "Content-Disposition": `attachment; filename="${filename}"`,
      "Cache-Control": "no-store",
      "X-Row-Count": String(stream.rowCount),
    },
  });
});
