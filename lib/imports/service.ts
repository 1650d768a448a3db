import { requestReconcile } from "@/lib/provisioning/trigger";
import { and, eq, lte } from "drizzle-orm";
import { customers } from "@/lib/customers/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { listPlans } from "@/lib/plans/service";
import { listRouters } from "@/lib/routers/service";
import { importJobs, type ImportRowIssue } from "@/lib/imports/schema";
import { recordAudit, type AuditActor } from "@/lib/audit/record";
import { assertWithinPlan, getTenantUsage } from "@/lib/tenants/limits";
import { getTenant, saveImportMapping } from "@/lib/tenants/service";
import { AppError } from "@/lib/core/errors";
import { logger } from "@/lib/core/logger";
import { checkMapping, decodeCsvBytes, guessMapping, parseCsv, validateRows, type ImportContext } from "@/lib/imports/rules";
import { writeImport } from "@/lib/imports/write";
import type { AnalyzeResult, ImportEvent, ImportMapping, ImportOutcome, PlanCap, PreviewResult } from "@/lib/imports/fields";
import type { Db, DbOrTx } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";
import { todayIn } from "@/lib/core/calendar";

type Actor = AuditActor & { tenantId: string };

/** What the duplicate and name checks compare against: this tenant's data only. */
export async function loadImportContext(db: DbOrTx, { tenantId }: { tenantId: string }): Promise<ImportContext> {
  const [tenant, existing, usernames, plans, routerRows] = await Promise.all([
    getTenant(db, { tenantId }),
    db.select({ accountNumber: customers.accountNumber, email: customers.email }).from(customers).where(eq(customers.tenantId, tenantId)),
    db.select({ username: subscriptions.username }).from(subscriptions).where(eq(subscriptions.tenantId, tenantId)),
    listPlans(db, { tenantId }),
    listRouters(db, { tenantId }),
  ]);
  return {
    existingAccountNumbers: new Set(existing.map((c) => c.accountNumber.toUpperCase())),
    existingEmails: new Set(existing.map((c) => c.email.toLowerCase()).filter(Boolean)),
    existingUsernames: new Set(usernames.map((u) => u.username.toLowerCase())),
    plans: new Map(plans.map((p) => [p.name.trim().toLowerCase(), { id: p.id, name: p.name, active: p.active }])),
    routers: new Map(routerRows.map((r) => [r.name.trim().toLowerCase(), { id: r.id, name: r.name }])),
    today: todayIn(tenant.timezone),
  };
}

/** Step 1: the uploaded bytes → columns, examples and the mapping to start from (remembered, else guessed). */
export async function analyzeImport(db: DbOrTx, actor: Actor, { bytes, fileName }: { bytes: Uint8Array; fileName: string }): Promise<AnalyzeResult> {
  const csv = parseCsv(decodeCsvBytes(bytes));
  const tenant = await getTenant(db, { tenantId: actor.tenantId });
  const remembered = tenant.importMapping ?? null;
  const examples: Record<string, string> = {};
  csv.headers.forEach((h, i) => {
    const value = csv.rows
      .slice(0, 20)
      .map((r) => (r.cells[i] ?? "").trim())
      .find(Boolean);
    examples[h] = value ? value.slice(0, 60) : "";
  });
  return {
    fileName,
    headers: csv.headers,
    examples,
    rowCount: csv.rows.length,
    mapping: guessMapping(csv.headers, remembered),
    remembered: !!remembered && csv.headers.some((h) => h in remembered),
  };
}

function assertMapping(headers: string[], mapping: ImportMapping) {
  const problems = checkMapping(headers, mapping);
  if (problems.length > 0) throw new AppError("validation", problems.join(" "), { fieldErrors: { mapping: problems } });
}

/** The confirmed mapping is merged into the tenant's remembered one, so several file layouts coexist. */
export async function rememberMapping(db: Db, actor: Actor, { headers, mapping }: { headers: string[]; mapping: ImportMapping }) {
  await db.transaction(async (tx) => {
    const tenant = await getTenant(tx, { tenantId: actor.tenantId });
    const confirmed = Object.fromEntries(headers.map((h) => [h, mapping[h] ?? "ignore"]));
    const next = { ...(tenant.importMapping ?? {}), ...confirmed };
    if (JSON.stringify(next) === JSON.stringify(tenant.importMapping ?? {})) return;
    await saveImportMapping(tx, { tenantId: actor.tenantId, mapping: next });
    await recordAudit(tx, actor, {
      action: "settings.import_mapping_saved",
      entityType: "tenant",
      entityId: actor.tenantId,
      before: tenant.importMapping ?? null,
      after: next,
    });
  });
}

async function planCap(db: DbOrTx, tenantId: string, adding: number): Promise<PlanCap> {
  const usage = await getTenantUsage(db, { tenantId });
  try {
    await assertWithinPlan(db, { tenantId, addCustomers: adding });
    return { ok: true, used: usage.customers, limit: usage.maxCustomers };
  } catch (error) {
    if (!(error instanceof AppError) || error.code !== "plan_limit") throw error;
    return {
      ok: false,
      message: error.message,
      upgradeUrl: String(error.details?.upgradeUrl ?? "/settings/plan"),
      used: usage.customers,
      limit: usage.maxCustomers,
    };
  }
}

/** Step 2: every row checked, nothing written except the confirmed (remembered) mapping. */
export async function previewImport(db: Db, actor: Actor, { csvText, mapping }: { csvText: string; mapping: ImportMapping }): Promise<PreviewResult> {
  const csv = parseCsv(csvText);
  assertMapping(csv.headers, mapping);
  await rememberMapping(db, actor, { headers: csv.headers, mapping });
  const checked = validateRows(csv, mapping, await loadImportContext(db, actor));
  const cap = await planCap(db, actor.tenantId, checked.valid.length);
  return {
    totalRows: checked.totalRows,
    validRows: checked.valid.length,
    errorRows: checked.errorRows,
    duplicateRows: checked.duplicateRows,
    emptyRows: csv.emptyRows,
    issues: checked.issues,
    cap,
    sample: checked.valid.slice(0, 10).map((r) => ({
      line: r.line,
      name: r.fields.name,
      accountNumber: r.accountNumber ?? "",
      phone: r.fields.phone,
      email: r.fields.email,
      city: r.fields.city,
      status: r.fields.status,
      plan: r.subscription?.planName ?? "",
      username: r.subscription?.username ?? "",
    })),
  };
}

type RunInput = { csvText: string; mapping: ImportMapping; strict: boolean; fileName: string; onEvent?: (event: ImportEvent) => void };

/**
 * Step 3: the import. The job is recorded first (status "running"); the rows are checked, the
 * strict rule and the plan cap applied, then every valid row is written in one transaction that
 * also marks the job completed. A refusal writes nothing but the job; a failure rolls back
 * everything and marks the job failed with the reason.
 */
export async function runImport(db: Db, actor: Actor, input: RunInput): Promise<ImportOutcome> {
  const started = performance.now();
  const emit = input.onEvent ?? (() => {});
  const csv = parseCsv(input.csvText);
  assertMapping(csv.headers, input.mapping);
  await rememberMapping(db, actor, { headers: csv.headers, mapping: input.mapping });
  const total = csv.rows.length;
  const [job] = await db
    .insert(importJobs)
    .values({
      tenantId: actor.tenantId,
      fileName: input.fileName.slice(0, 200),
      strict: input.strict,
      status: "running",
      totalRows: total,
      createdBy: actor.userId ?? null,
    })
    .returning({ id: importJobs.id });
  emit({ type: "job", jobId: job.id, total });

  let issues: ImportRowIssue[] = [];
  const finish = async (status: "refused" | "failed", message: string, upgradeUrl?: string): Promise<ImportOutcome> => {
    await db
      .update(importJobs)
      .set({ status, processedRows: total, importedRows: 0, skippedRows: total, issues: [{ line: 0, message }, ...issues], finishedAt: clock.now() })
      .where(eq(importJobs.id, job.id));
    return {
      jobId: job.id,
      status,
      totalRows: total,
      importedRows: 0,
      skippedRows: total,
      message,
      upgradeUrl,
      durationMs: performance.now() - started,
    };
  };

  try {
    const context = await loadImportContext(db, actor);
    const checked = validateRows(csv, input.mapping, context);
    issues = checked.issues;
    const skipped = total - checked.valid.length;
    await db.update(importJobs).set({ processedRows: skipped }).where(eq(importJobs.id, job.id));
    emit({ type: "progress", phase: "checking", processed: total, total });
    if (input.strict && skipped > 0) {
      return await finish(
        "refused",
        `Strict mode: ${skipped.toLocaleString("en-PH")} of ${total.toLocaleString("en-PH")} rows have problems, so nothing was imported. Fix them or choose "Skip rows with errors".`,
      );
    }
    if (checked.valid.length === 0) return await finish("refused", "No row can be imported: every row has a problem.");
    const cap = await planCap(db, actor.tenantId, checked.valid.length);
    if (!cap.ok) return await finish("refused", cap.message!, cap.upgradeUrl);

    await writeImport(db, actor, {
      jobId: job.id,
      fileName: input.fileName,
      strict: input.strict,
      rows: checked.valid,
      context,
      onProgress: (processed) => emit({ type: "progress", phase: "saving", processed, total: checked.valid.length }),
      complete: { totalRows: total, skippedRows: skipped, issues },
    });
    const imported = checked.valid.length;
    // Imported subscribers are provisioned on their routers right away.
    for (const routerId of new Set(checked.valid.flatMap((row) => (row.subscription?.routerId ? [row.subscription.routerId] : []))))
      requestReconcile(db, { tenantId: actor.tenantId, routerId, trigger: "change" });
    return {
      jobId: job.id,
      status: "completed",
      totalRows: total,
      importedRows: imported,
      skippedRows: skipped,
      message: `Imported ${imported.toLocaleString("en-PH")} customer${imported === 1 ? "" : "s"}${skipped ? `; ${skipped.toLocaleString("en-PH")} row${skipped === 1 ? "" : "s"} skipped` : ""}.`,
      durationMs: performance.now() - started,
    };
  } catch (error) {
    if (error instanceof AppError && error.code === "plan_limit")
      return finish("refused", error.message, String(error.details?.upgradeUrl ?? "/settings/plan"));
    const message =
      error instanceof AppError
        ? `${error.message} Nothing was imported.`
        : "Something went wrong on our side while saving; nothing was imported. Try again.";
    if (!(error instanceof AppError)) logger.error({ err: error, jobId: job.id }, "import failed");
    return finish("failed", message);
  }
}

/**
 * An import is one transaction, so a job still "running" after its process died imported nothing:
 * mark it failed so the page does not wait for it forever. The embedded app (one process) passes 0
 * at start-up; with a shared Postgres only jobs older than any real import are touched.
 */
export async function failInterruptedImports(db: DbOrTx, { olderThanMinutes }: { olderThanMinutes: number }) {
  const cutoff = new Date(clock.ms() - olderThanMinutes * 60_000);
  const stale = await db
    .update(importJobs)
    .set({
      status: "failed",
      finishedAt: clock.now(),
      issues: [{ line: 0, message: "The server stopped during this import; nothing was imported. Upload the file again." }],
    })
    .where(and(eq(importJobs.status, "running"), lte(importJobs.createdAt, cutoff)))
    .returning({ id: importJobs.id });
  if (stale.length > 0) logger.warn({ jobs: stale.length }, "marked interrupted imports as failed");
  return stale.length;
}
