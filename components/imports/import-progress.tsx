"use client";
import Link from "next/link";
import { Download } from "lucide-react";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import type { ImportOutcome } from "@/lib/imports/fields";

export type RunState = { phase: "starting" | "checking" | "saving"; processed: number; total: number };

const n = (v: number) => v.toLocaleString("en-PH");

/** Step 4 while it runs: what is happening and how far it got. */
export function ImportRunning({ state }: { state: RunState }) {
  const pct = state.total ? Math.round((state.processed / state.total) * 100) : 0;
  const label =
    state.phase === "starting"
      ? "Uploading and reading the file…"
      : state.phase === "checking"
        ? "Checking the rows…"
        : `Saving customers: ${n(state.processed)} of ${n(state.total)}`;
  return (
    <div className="flex flex-col gap-2" aria-live="polite">
      <p className="text-sm font-medium">{label}</p>
      <div className="h-3 rounded bg-muted" role="progressbar" aria-label="Import progress" aria-valuenow={pct} aria-valuemin={0} aria-valuemax={100}>
        <div
          className="h-3 rounded bg-primary transition-[width]"
          style={{ width: `${state.phase === "saving" ? pct : state.phase === "checking" ? 5 : 2}%` }}
        />
      </div>
      <p className="text-xs text-muted-foreground">Everything is saved in one step at the end: if anything fails, nothing is imported.</p>
    </div>
  );
}

const tone = { completed: "success", refused: "danger", failed: "danger", running: "info" } as const;
const title = { completed: "Import complete", refused: "Import refused", failed: "Import failed", running: "Still importing" } as const;

/** Step 4 when done: the outcome, the report, and where to go next. */
export function ImportResult({ outcome, onRestart }: { outcome: ImportOutcome; onRestart: () => void }) {
  return (
    <div className="flex flex-col gap-4" role="status">
      <div className="flex flex-wrap items-center gap-2">
        <h3 className="text-lg font-semibold">{title[outcome.status]}</h3>
        <Badge tone={tone[outcome.status]}>{outcome.status}</Badge>
      </div>
      <p className="text-sm">{outcome.message}</p>
      {outcome.upgradeUrl ? (
        <Link href={outcome.upgradeUrl} className="text-sm font-medium text-primary underline">
          Upgrade your plan
        </Link>
      ) : null}
      <dl className="grid grid-cols-3 gap-3 text-sm">
        <div className="rounded-lg border p-3">
          <dt className="text-muted-foreground">Rows</dt>
          <dd className="text-xl font-semibold tabular-nums">{n(outcome.totalRows)}</dd>
        </div>
        <div className="rounded-lg border p-3">
          <dt className="text-muted-foreground">Imported</dt>
          <dd className="text-xl font-semibold tabular-nums text-success">{n(outcome.importedRows)}</dd>
        </div>
        <div className="rounded-lg border p-3">
          <dt className="text-muted-foreground">Skipped</dt>
          <dd className="text-xl font-semibold tabular-nums">{n(outcome.skippedRows)}</dd>
        </div>
      </dl>
      {outcome.durationMs > 0 ? <p className="text-xs text-muted-foreground">Took {(outcome.durationMs / 1000).toFixed(1)} s.</p> : null}
      <div className="flex flex-wrap gap-2">
        <Button asChild variant="outline">
          <a href={`/api/import/${outcome.jobId}/report`} download>
            <Download aria-hidden="true" />
            Download the report (CSV)
          </a>
        </Button>
        {outcome.importedRows > 0 ? (
          <Button asChild variant="outline">
            <Link href="/customers">View customers</Link>
          </Button>
        ) : null}
        <Button onClick={onRestart}>Import another file</Button>
      </div>
    </div>
  );
}
