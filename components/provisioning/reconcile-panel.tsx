"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { reconcileRouterAction } from "@/lib/provisioning/actions/reconcile";
import type { ReconcileChange, ReconcileSummary } from "@/lib/provisioning/schema";
import { Button } from "@/components/ui/button";
import { ChangesTable } from "@/components/provisioning/changes-table";
import { describeSummary } from "@/lib/provisioning/format";

type Result = {
  dryRun: boolean;
  status: string;
  summary: ReconcileSummary | null;
  changes: ReconcileChange[];
  error: string | null;
  roundTrips: number;
};

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
      else if (dryRun) toast.info(`Preview of ${routerName}: ${describeSummary(outcome.data.summary, { applied: false })}.`);
      else if (outcome.data.status === "partial")
        toast.warning(`${routerName} reconciled with failures: ${describeSummary(outcome.data.summary, { applied: true })}.`);
      else toast.success(`${routerName} reconciled: ${describeSummary(outcome.data.summary, { applied: true })}.`);
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
            <strong>{result.dryRun ? "Preview" : "Applied"}:</strong>{" "}
            {result.status === "failed" ? result.error : describeSummary(result.summary, { applied: !result.dryRun })}
            {result.status !== "failed" ? ` · ${result.roundTrips} API round trips` : ""}
          </p>
          {result.status !== "failed" ? <ChangesTable changes={result.changes} /> : null}
        </section>
      ) : null}
    </div>
  );
}
