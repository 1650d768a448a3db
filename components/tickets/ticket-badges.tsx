import { Badge } from "@/components/ui/badge";
import { priorityLabels, statusLabels } from "@/lib/tickets/rules";
import type { TicketPriority, TicketStatus } from "@/lib/tickets/schema";
import { formatMinutes, type SlaTarget } from "@/lib/tickets/sla";

const statusTone = {
  new: "info",
  assigned: "info",
  in_progress: "neutral",
  waiting_on_customer: "warning",
  resolved: "success",
  closed: "neutral",
} as const;
const priorityTone = { low: "neutral", normal: "neutral", high: "warning", urgent: "danger" } as const;

export function TicketStatusBadge({ status }: { status: TicketStatus }) {
  return <Badge tone={statusTone[status]}>{statusLabels[status]}</Badge>;
}

export function PriorityBadge({ priority }: { priority: TicketPriority }) {
  return <Badge tone={priorityTone[priority]}>{priorityLabels[priority]}</Badge>;
}

/** "2 h 5 min left", "45 min overdue", "Paused · 1 h left", "Met", "Breached". */
export function slaText(target: SlaTarget): string {
  const left = target.remainingMinutes;
  switch (target.status) {
    case "met":
      return "Met";
    case "none":
      return "No target";
    case "paused":
      return `Paused · ${formatMinutes(left ?? 0)} left`;
    case "breached":
      return left !== null && left < 0 ? `${formatMinutes(left)} overdue` : "Breached";
    default:
      return `${formatMinutes(left ?? 0)} left`;
  }
}

const slaTone = { met: "success", none: "neutral", paused: "info", breached: "danger", at_risk: "warning", running: "neutral" } as const;

/** One target's state, as a badge with the time left; `label` names the target for screen readers and lists. */
export function SlaBadge({ target, label }: { target: SlaTarget; label?: string }) {
  return (
    <Badge tone={slaTone[target.status]}>
      {label ? <span className="mr-1 font-normal">{label}:</span> : null}
      {target.status === "at_risk" ? "At risk · " : ""}
      {slaText(target)}
    </Badge>
  );
}

/** Still waiting to be done (a breached target that is done has no remaining time). */
const pending = (t: SlaTarget) =>
  t.status === "running" || t.status === "at_risk" || t.status === "paused" || (t.status === "breached" && t.remainingMinutes !== null);

/** The target a list shows: the first response while it is still pending, then the resolution. */
export function currentTarget(sla: { firstResponse: SlaTarget; resolution: SlaTarget }): { label: string; target: SlaTarget } {
  return pending(sla.firstResponse) ? { label: "Response", target: sla.firstResponse } : { label: "Resolution", target: sla.resolution };
}
