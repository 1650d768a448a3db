"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { deleteReport, reportUserOf } from "@/lib/reports/builder/service";

/** Deletes a saved report and its schedule (its owner, an owner or an admin). */
export const deleteReportAction = defineStaffAction({
  name: "reports.deleteReport",
  permission: "reports:build",
  input: z.object({ reportId: z.uuid("Unknown report") }),
  revalidate: ["/reports"],
  run: async (ctx, { reportId }) => deleteReport(ctx.db, reportUserOf(ctx), reportId),
});
