"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { staffRoles } from "@/lib/auth/values";
import { reportUserOf, saveReport } from "@/lib/reports/builder/service";
import { reportSpecSchema } from "@/lib/reports/builder/spec";
import { reportVisibilities } from "@/lib/reports/builder/values";

const input = z.object({
  reportId: z.uuid("Unknown report").nullable().default(null),
  name: z.string().trim().min(1, "Name the report").max(120, "At most 120 characters"),
  spec: reportSpecSchema,
  visibility: z.enum(reportVisibilities).default("private"),
  sharedRoles: z.array(z.enum(staffRoles)).max(5).default([]),
});

/** Saves a new report or changes one (its owner, an owner or an admin), private or shared with chosen roles. */
export const saveReportAction = defineStaffAction({
  name: "reports.saveReport",
  permission: "reports:build",
  input,
  revalidate: ["/reports"],
  run: async (ctx, fields) => saveReport(ctx.db, reportUserOf(ctx), fields),
});
