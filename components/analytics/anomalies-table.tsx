import Link from "next/link";
import type { AnomalyRow } from "@/lib/analytics/anomalies";
import { anomalyKindLabels, anomalyMetricLabels, anomalyObjectKindLabels } from "@/lib/analytics/values";
import { formatDateTime } from "@/lib/core/dates";
import { formatMetric } from "./anomaly-format";
import { Badge } from "@/components/ui/badge";
import { AnomalyFeedbackButtons } from "./anomaly-feedback";

const meaning = (row: AnomalyRow) => {
  if (row.objectKind === "interface") return row.direction === "below" ? "Far below its usual level at this hour: a cut or an upstream fault?" : "Far above its usual level: abuse, a DDoS or a looping CPE?";
  if (row.objectKind === "subscription") return "Uploading far above their own history: a compromised device?";
  return row.direction === "below" ? `${anomalyMetricLabels[row.metric]} far below the usual band.` : `${anomalyMetricLabels[row.metric]} above the usual band.`;
};

/** Expected against actual as two bars on one scale, with the numbers (the bars are decoration). */
function ExpectedVsActual({ row }: { row: AnomalyRow }) {
  const scale = Math.max(row.expected, row.actual, 1e-9);
  const width = (value: number) => `${Math.max(2, Math.round((Math.max(0, value) / scale) * 100))}%`;
  return (
    <div className="min-w-40">
      <div className="flex items-center gap-2">
        <span className="w-16 text-xs text-muted-foreground">Expected</span>
        <span className="h-2 rounded bg-muted-foreground/50" style={{ width: width(row.expected) }} aria-hidden />
      </div>
      <div className="mt-1 flex items-center gap-2">
        <span className="w-16 text-xs text-muted-foreground">Actual</span>
        <span className={`h-2 rounded ${row.direction === "below" ? "bg-danger" : "bg-warning"}`} style={{ width: width(row.actual) }} aria-hidden />
      </div>
      <p className="mt-1 whitespace-nowrap font-mono text-xs tabular-nums">
        {formatMetric(row.metric, row.expected)} → {formatMetric(row.metric, row.actual)}
      </p>
    </div>
  );
}

function objectHref(row: AnomalyRow): string {
  if (row.objectKind === "interface") return `/network/analytics?router=${row.routerId}&interface=${encodeURIComponent(row.objectId)}&range=24h`;
  if (row.objectKind === "subscription") return `/network/analytics?subscription=${row.objectId}&range=24h`;
  return `/routers/${row.routerId}`;
}

/** The ISP's anomalies, open first: what, where, when, expected against actual, how far out, and the staff's verdict. */
export function AnomaliesTable({ rows, timeZone, canGiveFeedback }: { rows: AnomalyRow[]; timeZone: string; canGiveFeedback: boolean }) {
  return (
    <div role="region" aria-label="Anomalies" tabIndex={0} className="relative overflow-x-auto rounded-lg border bg-card focus-visible:outline-2 focus-visible:outline-ring">
      <table className="w-full text-sm">
        <caption className="sr-only">Anomalies, open ones first, newest first</caption>
        <thead className="border-b text-left text-muted-foreground">
          <tr>
            <th scope="col" className="p-3 font-medium">
              Object
            </th>
            <th scope="col" className="p-3 font-medium">
              Anomaly
            </th>
            <th scope="col" className="p-3 font-medium">
              When
            </th>
            <th scope="col" className="p-3 font-medium">
              Expected vs actual
            </th>
            <th scope="col" className="whitespace-nowrap p-3 text-right font-medium">
              Severity
            </th>
            <th scope="col" className="p-3 font-medium">
              Verdict
            </th>
          </tr>
        </thead>
        <tbody className="divide-y">
          {rows.map((row) => (
            <tr key={row.id} className="align-top">
              <td className="p-3">
                <Link href={objectHref(row)} className="font-mono underline decoration-border underline-offset-2 hover:decoration-primary">
                  {row.objectLabel}
                </Link>
                <p className="text-xs text-muted-foreground">
                  {anomalyObjectKindLabels[row.objectKind]}
                  {row.objectKind === "router" ? "" : ` on ${row.routerName}`} · {anomalyMetricLabels[row.metric]}
                </p>
              </td>
              <td className="p-3">
                <div className="flex flex-wrap items-center gap-1.5">
                  <span className="font-medium">{anomalyKindLabels[row.kind]}</span>
                  <Badge tone={row.status === "open" ? "danger" : "neutral"}>{row.status === "open" ? "Open" : "Closed"}</Badge>
                </div>
                <p id={`anomaly-${row.id}-meaning`} className="mt-1 max-w-64 text-xs text-muted-foreground">
                  {meaning(row)}
                </p>
              </td>
              <td className="whitespace-nowrap p-3 text-xs">
                <p>{formatDateTime(row.startedAt, timeZone)}</p>
                <p className="text-muted-foreground">{row.status === "open" ? `still on at ${formatDateTime(row.endedAt, timeZone)}` : `until ${formatDateTime(row.endedAt, timeZone)}`}</p>
              </td>
              <td className="p-3">
                <ExpectedVsActual row={row} />
              </td>
              <td className="whitespace-nowrap p-3 text-right font-mono tabular-nums">
                {row.severity.toFixed(1)}σ
                {row.sensitivity !== 1 ? <p className="text-xs font-normal text-muted-foreground">sensitivity {row.sensitivity}</p> : null}
              </td>
              <td className="p-3">
                {canGiveFeedback ? (
                  <AnomalyFeedbackButtons anomalyId={row.id} feedback={row.feedback} describedBy={`anomaly-${row.id}-meaning`} />
                ) : (
                  <span className="text-xs text-muted-foreground">{row.feedback === "expected" ? "Expected" : row.feedback === "real_issue" ? "Real issue" : "—"}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
