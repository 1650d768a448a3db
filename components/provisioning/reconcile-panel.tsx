"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { reconcileRouterAction } from "@/lib/provisioning/actions/reconcile";
import type { ReconcileChange, ReconcileSummary } from "@/lib/provisioning/schema";
import { Button } from "@/components/ui/button";
import { ChangesTable } from "@/components/provisioning/changes-table";

type Result = {
  dryRun: boolean;
  status: string;
  summary: ReconcileSummary | null;
  changes: ReconcileChange[];
  error: string | null;
  roundTrips: number;
};

export function describeSummary(s: ReconcileSummary | null): string {
  if (!s) return "";
  const parts = [
    s.add && `${s.add} to add`,
    s.set && `${s.set} to change`,
    s.remove && `${s.remove} to remove`,
    s.kick && `${s.kick} sessions to disconnect`,
    s.conflict && `${s.conflict} conflicts`,
    s.failed && `${s.failed} failed`,
  ].filter(Boolean);
  return `${parts.length ? parts.join(", ") : "nothing to change"}; ${s.unchanged} already right`;
}

/** Dry run first (the diff, nothing written), then apply; each run becomes a drift report below. */
export function ReconcilePanel({ routerId, routerName }: { routerId: string; routerName: string }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const [result, setResult] = useState<Result | null>(null);
  const run = (dryRun: boolean) =>
    start(async () => {
      const outcome = await reconcileRouterAction({ routerId, dryRun });
      router.refresh();
      if (!outcome.ok) {
        toast.error(outcome.message);
        return;
      }
      setResult({ dryRun, ...outcome.data });
      if (outcome.data.status === "failed") toast.error(`${routerName}: ${outcome.data.error}`);
      else if (dryRun) toast.info(`Preview of ${routerName}: ${describeSummary(outcome.data.summary)}.`);
      else if (outcome.data.status === "partial") toast.warning(`${routerName} reconciled with failures: ${describeSummary(outcome.data.summary)}.`);
      else
        toast.success(
          `${routerName} reconciled: ${describeSummary(outcome.data.summary).replace("to add", "added").replace("to change", "changed").replace("to remove", "removed")}.`,
        );
    });
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-wrap gap-2">
        <Button variant="outline" disabled={pending} onClick={() => run(true)}>
          {pending ? "Reading the router…" : "Preview changes"}
        </Button>
        <Button disabled={pending} onClick={() => run(false)}>
          Reconcile now
        </Button>
      </div>
      {result ? (
        <section aria-label={result.dryRun ? "Preview of changes" : "Result of the reconcile"} className="flex flex-col gap-2">
          <p role="status" className="text-sm">
            <strong>{result.dryRun ? "Preview" : "Applied"}:</strong> {result.status === "failed" ? result.error : describeSummary(result.summary)}
            {result.status !== "failed" ? ` · ${result.roundTrips} API round trips` : ""}
          </p>
          {result.status !== "failed" ? <ChangesTable changes={result.changes} /> : null}
        </section>
      ) : null}
    </div>
  );
}
