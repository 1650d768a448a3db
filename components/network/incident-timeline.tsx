import { formatDateTime } from "@/lib/core/dates";
import type { IncidentDetail } from "@/lib/alerts/queries";

const kindLabels: Record<IncidentDetail["events"][number]["kind"], string> = {
  opened: "Opened",
  fired: "Rule fired",
  cleared: "Rule cleared",
  flapping: "Flapping",
  acknowledged: "Acknowledged",
  assigned: "Assigned",
  comment: "Comment",
  notified: "Staff told",
  escalated: "Escalated",
  outage_notice: "Outage notice",
  all_clear: "All-clear",
  ticket_linked: "Ticket linked",
  silenced: "Maintenance",
  resolved: "Resolved",
  reopened: "Reopened",
};

/** The incident's timeline, oldest first, with who did what and when (the ISP's time zone). */
export function IncidentTimeline({ events, timeZone }: { events: IncidentDetail["events"]; timeZone: string }) {
  return (
    <ol className="flex flex-col gap-3 border-l pl-4 text-sm">
      {events.map((event) => (
        <li key={event.id} className="relative">
          <span aria-hidden="true" className="absolute -left-[1.3rem] top-1.5 size-2 rounded-full bg-primary" />
          <p>
            <span className="font-medium">{kindLabels[event.kind]}</span>
            <span className="text-muted-foreground">
              {" "}
              · {formatDateTime(event.at, timeZone)}
              {event.actorName ? ` · ${event.actorName}` : ""}
            </span>
          </p>
          {event.body ? <p className="whitespace-pre-wrap break-words">{event.body}</p> : null}
        </li>
      ))}
    </ol>
  );
}
