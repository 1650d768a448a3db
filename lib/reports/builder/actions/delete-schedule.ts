"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { deleteSchedule, reportUserOf } from "@/lib/reports/builder/service";

/** Stops a report's scheduled emails. */
export const deleteScheduleAction = defineStaffAction({
  name: "reports.deleteSchedule",
  permission: "reports:build",
  input: z.object({ reportId: z.uuid("Unknown report") }),
  revalidate: ["/reports"],
  run: async (ctx, { reportId }) => deleteSchedule(ctx.db, reportUserOf(ctx), reportId),
});
