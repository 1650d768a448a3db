"use server";
import { defineStaffAction } from "@/lib/core/server-action";
import { clock } from "@/lib/core/clock";
import { previewReport } from "@/lib/reports/builder/run";
import { reportUserOf } from "@/lib/reports/builder/service";
import { reportSpecSchema } from "@/lib/reports/builder/spec";

/** The builder's live preview: the first 100 rows, the totals and the row count, with the session's role and ISP. */
export const previewReportAction = defineStaffAction({
  name: "reports.previewReport",
  permission: "reports:build",
  input: reportSpecSchema,
  changesData: false,
  run: async (ctx, spec) => previewReport(ctx.db, { ...reportUserOf(ctx), now: clock.now() }, spec),
});
