import Link from "next/link";
import { formatIncidentNumber } from "@/lib/alerts/describe";
import type { IncidentRow } from "@/lib/alerts/queries";
import { formatDateTime } from "@/lib/core/dates";
import { DataTable } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";
import { formatDuration, impactText, IncidentStatusBadge, SeverityBadge } from "@/components/network/incident-badges";

const columns = [
  { label: "Severity" },
  { label: "Incident" },
  { label: "Router or site" },
  { label: "Opened" },
  { label: "Acknowledged by" },
  { label: "Assigned to" },
  { label: "Impact" },
];

/** The incidents list: number and title link to the incident; times in the ISP's zone, ages against `now`. */
export function IncidentsTable({
  rows,
  staffNames,
  timeZone,
  now,
}: {
  rows: IncidentRow[];
  staffNames: Map<string, string>;
  timeZone: string;
  now: Date;
}) {
  return (
    <DataTable columns={columns}>
      {rows.map((row) => {
        const lasted = (row.resolvedAt ?? now).getTime() - row.openedAt.getTime();
        return (
          <tr key={row.id} className="align-top">
            <td className="p-3">
              <span className="flex flex-col items-start gap-1">
                <SeverityBadge severity={row.severity} />
                <IncidentStatusBadge status={row.status} />
              </span>
            </td>
            <td className="min-w-56 p-3">
              <Link href={`/network/incidents/${row.id}`} className="font-medium text-primary underline-offset-4 hover:underline">
                <span className="font-mono">{formatIncidentNumber(row.number)}</span> · {row.title}
              </Link>
              <span className="mt-1 flex flex-wrap gap-1">
                {row.flapping ? <Badge tone="warning">Flapping</Badge> : null}
                {row.silenced ? <Badge>Silenced (maintenance)</Badge> : null}
              </span>
            </td>
            <td className="p-3">{row.objectType === "site" ? `Site ${row.siteName ?? "removed"}` : (row.routerName ?? "—")}</td>
            <td className="whitespace-nowrap p-3">
              {formatDateTime(row.openedAt, timeZone)}
              <span className="block text-xs text-muted-foreground">
                {row.resolvedAt ? `lasted ${formatDuration(lasted)}` : `${formatDuration(lasted)} ago`}
              </span>
            </td>
            <td className="p-3">
              {row.acknowledgedBy ? (staffNames.get(row.acknowledgedBy) ?? "Former staff") : row.acknowledgedAt ? "On resolving" : "—"}
            </td>
            <td className="p-3">{row.assignedTo ? (staffNames.get(row.assignedTo) ?? "Former staff") : "Nobody"}</td>
            <td className="p-3">{impactText(row)}</td>
          </tr>
        );
      })}
    </DataTable>
  );
}
