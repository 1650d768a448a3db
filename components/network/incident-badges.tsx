import { Badge } from "@/components/ui/badge";
import { incidentStatusLabels, severityLabels, type AlertSeverity, type IncidentStatus } from "@/lib/alerts/values";

const severityTone = { critical: "danger", major: "warning", minor: "info", warning: "neutral" } as const;
const statusTone = { open: "danger", acknowledged: "warning", resolved: "success" } as const;

/** The severity in words (colour only repeats it). */
export function SeverityBadge({ severity }: { severity: AlertSeverity }) {
  return <Badge tone={severityTone[severity]}>{severityLabels[severity]}</Badge>;
}

export function IncidentStatusBadge({ status }: { status: IncidentStatus }) {
  return <Badge tone={statusTone[status]}>{incidentStatusLabels[status]}</Badge>;
}

/** "3 min", "2 h 5 min", "4 d 3 h": how long something has lasted. */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** "312 of 340 online before": the subscribers behind an incident's object when it opened. */
export function impactText(incident: { affectedSubscribers: number; onlineBefore: number }): string {
  if (incident.affectedSubscribers === 0) return "No subscribers behind it";
  return `${incident.onlineBefore.toLocaleString("en-PH")} of ${incident.affectedSubscribers.toLocaleString("en-PH")} online before`;
}

/** "940 Mbps", "1.2 Gbps". */
export function formatBps(bps: number): string {
  const units = ["bps", "kbps", "Mbps", "Gbps", "Tbps"];
  let value = bps;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  return `${value >= 100 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
