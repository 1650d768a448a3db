import type { TicketDetail } from "@/lib/tickets/queries";
import { formatDateTime } from "@/lib/core/dates";
import { formatMinutes } from "@/lib/tickets/sla";
import { priorityLabels } from "@/lib/tickets/rules";
import { SlaBadge } from "@/components/tickets/ticket-badges";

/** Due times of both targets, their state, the pause, and the policy they come from. */
export function SlaPanel({ detail }: { detail: TicketDetail }) {
  const { ticket, sla, policy, timeZone } = detail;
  const at = (d: Date | null) => (d ? formatDateTime(d, timeZone) : "—");
  const rows = [
    { label: "First response", target: sla.firstResponse, done: ticket.firstRespondedAt, doneLabel: "Answered" },
    { label: "Resolution", target: sla.resolution, done: ticket.resolvedAt ?? ticket.closedAt, doneLabel: ticket.resolvedAt ? "Resolved" : "Closed" },
  ];
  return (
    <div className="flex flex-col gap-3 text-sm">
      <dl className="flex flex-col gap-3">
        {rows.map((r) => (
          <div key={r.label} className="flex flex-col gap-1">
            <dt className="flex flex-wrap items-center justify-between gap-2 font-medium">
              {r.label}
              <SlaBadge target={r.target} />
            </dt>
            <dd className="text-muted-foreground">
              Due {at(r.target.dueAt)}
              {r.done ? ` · ${r.doneLabel} ${at(r.done)}` : ""}
            </dd>
          </div>
        ))}
      </dl>
      {ticket.pausedAt ? (
        <p className="rounded-md border border-primary/50 p-2">
          The clock is paused while the ticket waits on the customer (since {at(ticket.pausedAt)}). Their reply or the next step starts it again and
          moves the due times.
        </p>
      ) : null}
      <p className="text-xs text-muted-foreground">
        {priorityLabels[ticket.priority]} policy: first response {formatMinutes(policy.firstResponseMinutes)}, resolution{" "}
        {formatMinutes(policy.resolutionMinutes)}, {policy.twentyFourSeven ? "around the clock" : "in business hours"}.
        {ticket.pausedMinutes > 0 ? ` Waited on the customer for ${formatMinutes(ticket.pausedMinutes)} so far.` : ""}
        {ticket.reopenCount > 0 ? ` Reopened ${ticket.reopenCount === 1 ? "once" : `${ticket.reopenCount} times`}.` : ""}
      </p>
    </div>
  );
}
