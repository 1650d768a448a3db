"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { getImportJob } from "@/lib/imports/queries";

/** Progress and result of one import: the wizard polls it when the progress stream is interrupted. */
export const getImportJobStatus = defineStaffAction({
  name: "imports.getJobStatus",
  permission: "customers:import",
  input: z.object({ jobId: z.string().trim().max(64) }),
  run: async (ctx, { jobId }) => {
    const job = await getImportJob(ctx.db, { tenantId: ctx.tenantId, jobId });
    return {
      id: job.id,
      status: job.status,
      totalRows: job.totalRows,
      processedRows: job.processedRows,
      importedRows: job.importedRows,
      skippedRows: job.skippedRows,
      reason: job.issues.find((i) => i.line === 0)?.message ?? null,
    };
  },
});
