"use server";
import { defineStaffAction } from "@/lib/core/server-action";
import { reportUserOf, saveSchedule } from "@/lib/reports/builder/service";
import { scheduleFieldsSchema } from "@/lib/reports/builder/schedule-rules";

/** Emails a saved report daily, weekly or monthly to staff members and typed addresses, with the file attached. */
export const saveScheduleAction = defineStaffAction({
  name: "reports.saveSchedule",
  permission: "reports:build",
  input: scheduleFieldsSchema,
  revalidate: ["/reports"],
  run: async (ctx, fields) => {
    const schedule = await saveSchedule(ctx.db, reportUserOf(ctx), fields);
    return { nextRunAt: schedule.nextRunAt.toISOString() };
  },
});
