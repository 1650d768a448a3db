"use client";
import { useEffect, useState } from "react";
import Link from "next/link";
import { formatIncidentNumber } from "@/lib/alerts/describe";
import type { IncidentStreamSummary } from "@/lib/alerts/queries";

/**
 * "2 open incidents — Tower-2 unreachable": the staff shell's live line, fed by the server's event stream (the
 * browser never polls; EventSource reconnects by itself). Silent while nothing is open; the region stays in the
 * page so a screen reader hears an incident that opens.
 */
export function IncidentBanner() {
  const [summary, setSummary] = useState<IncidentStreamSummary | null>(null);
  useEffect(() => {
    const source = new EventSource("/api/network/events");
    const onSummary = (event: MessageEvent<string>) => setSummary(JSON.parse(event.data) as IncidentStreamSummary);
    source.addEventListener("summary", onSummary);
    return () => {
      source.removeEventListener("summary", onSummary);
      source.close();
    };
  }, []);
  const first = summary?.newest[0];
  const critical = (summary?.bySeverity.critical ?? 0) > 0;
  return (
    <div aria-live="polite" className="empty:hidden">
      {summary && summary.open > 0 && first ? (
        <p
          className={`mb-4 flex flex-wrap items-center gap-x-2 rounded-lg border px-3 py-2 text-sm ${critical ? "border-danger/60 bg-danger/10" : "border-warning/60 bg-warning/10"}`}
        >
          <span className="font-semibold">
            {summary.open} open incident{summary.open === 1 ? "" : "s"}
          </span>
          <span aria-hidden="true">—</span>
          <Link href={summary.open === 1 ? `/network/incidents/${first.id}` : "/network/incidents"} className="underline underline-offset-4">
            {formatIncidentNumber(first.number)} {first.title}
          </Link>
        </p>
      ) : null}
    </div>
  );
}
