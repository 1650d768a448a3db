import { and, asc, desc, eq, sql } from "drizzle-orm";
import { importJobs } from "@/lib/imports/schema";
import { auditLog } from "@/lib/audit/schema";
import { servicePlans } from "@/lib/plans/schema";
import { routers } from "@/lib/routers/schema";
import { notFound } from "@/lib/core/errors";
import type { ReportRow } from "@/lib/imports/csv";
import type { DbOrTx } from "@/lib/db/types";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One import job of the tenant; a malformed id or another tenant's job reads as not found. */
export async function getImportJob(db: DbOrTx, { tenantId, jobId }: { tenantId: string; jobId: string }) {
  if (!UUID.test(jobId)) throw notFound("Import");
  const [job] = await db
    .select()
    .from(importJobs)
    .where(and(eq(importJobs.tenantId, tenantId), eq(importJobs.id, jobId)));
  if (!job) throw notFound("Import");
  return job;
}

export type ImportJobSummary = {
  id: string;
  fileName: string;
  status: "running" | "completed" | "refused" | "failed";
  strict: boolean;
  totalRows: number;
  processedRows: number;
  importedRows: number;
  skippedRows: number;
  createdAt: Date;
  finishedAt: Date | null;
  reason: string | null;
};

/** The latest imports, for the import page (without their issue lists). */
export async function listImportJobs(db: DbOrTx, { tenantId, limit = 5 }: { tenantId: string; limit?: number }): Promise<ImportJobSummary[]> {
  return db
    .select({
      id: importJobs.id,
      fileName: importJobs.fileName,
      status: importJobs.status,
      strict: importJobs.strict,
      totalRows: importJobs.totalRows,
      processedRows: importJobs.processedRows,
      importedRows: importJobs.importedRows,
      skippedRows: importJobs.skippedRows,
      createdAt: importJobs.createdAt,
      finishedAt: importJobs.finishedAt,
      reason: sql<string | null>`(select i->>'message' from jsonb_array_elements(${importJobs.issues}) i where (i->>'line')::int = 0 limit 1)`,
    })
    .from(importJobs)
    .where(eq(importJobs.tenantId, tenantId))
    .orderBy(desc(importJobs.createdAt))
    .limit(limit);
}

/**
 * Every line of the job's file with its fate: imported lines come from the `customer.imported`
 * audit entries (with the account number each got), skipped lines from the job's issues.
 * A refused or failed job imported nothing: its first row says why.
 */
export async function importReportRows(db: DbOrTx, { tenantId, jobId }: { tenantId: string; jobId: string }): Promise<ReportRow[]> {
  const job = await getImportJob(db, { tenantId, jobId });
  const imported =
    job.status === "completed"
      ? await db
          .select({
            line: sql<number>`(${auditLog.after}->>'line')::int`,
            accountNumber: sql<string>`${auditLog.after}->>'accountNumber'`,
            name: sql<string>`${auditLog.after}->>'name'`,
          })
          .from(auditLog)
          .where(
            and(
              eq(auditLog.tenantId, tenantId),
              eq(auditLog.entityType, "customer"),
              eq(auditLog.action, "customer.imported"),
              sql`${auditLog.after}->>'importJobId' = ${jobId}`,
            ),
          )
      : [];
  const byLine = new Map<number, string[]>();
  for (const issue of job.issues) {
    if (issue.line === 0) continue;
    byLine.set(issue.line, [...(byLine.get(issue.line) ?? []), issue.field ? `${issue.field}: ${issue.message}` : issue.message]);
  }
  const rows: ReportRow[] = [
    ...imported.map((r) => ({ line: Number(r.line), status: "imported", accountNumber: r.accountNumber ?? "", name: r.name ?? "", reason: "" })),
    ...[...byLine].map(([line, reasons]) => ({ line, status: "skipped", accountNumber: "", name: "", reason: reasons.join("; ") })),
  ].sort((a, b) => Number(a.line) - Number(b.line));
  const fileReason = job.issues.find((i) => i.line === 0)?.message;
  if (job.status !== "completed") {
    rows.unshift({
      line: "file",
      status: job.status,
      accountNumber: "",
      name: "",
      reason: fileReason ?? "The import did not finish; nothing was imported.",
    });
  }
  return rows;
}

/** Names the import matches against, shown as a hint on the import page. */
export async function importReferenceNames(db: DbOrTx, { tenantId }: { tenantId: string }) {
  const [plans, routerRows] = await Promise.all([
    db
      .select({ name: servicePlans.name })
      .from(servicePlans)
      .where(and(eq(servicePlans.tenantId, tenantId), eq(servicePlans.active, true)))
      .orderBy(asc(servicePlans.name)),
    db.select({ name: routers.name }).from(routers).where(eq(routers.tenantId, tenantId)).orderBy(asc(routers.name)),
  ]);
  return { planNames: plans.map((p) => p.name), routerNames: routerRows.map((r) => r.name) };
}
