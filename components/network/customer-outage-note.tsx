import Link from "next/link";
import { formatDateTime } from "@/lib/core/dates";
import { formatIncidentNumber } from "@/lib/alerts/describe";
import type { CustomerIncident } from "@/lib/alerts/customer-incidents";

/** "Known outage: INC-7 Santo-CCR3 unreachable since 2:30 PM" on a ticket or customer page; nothing when there is none. */
export function CustomerOutageNote({ incidents, timeZone }: { incidents: CustomerIncident[]; timeZone: string }) {
  if (incidents.length === 0) return null;
  return (
    <section aria-label="Known outage" className="rounded-md border border-amber-500/60 bg-amber-50 p-3 text-sm text-amber-950 dark:bg-amber-950/40 dark:text-amber-50">
      <p className="font-medium">This subscriber is behind {incidents.length === 1 ? "an open incident" : `${incidents.length} open incidents`}:</p>
      <ul className="mt-1 flex flex-col gap-1">
        {incidents.map((incident) => (
          <li key={incident.id}>
            <Link href={`/network/incidents/${incident.id}`} className="font-medium underline underline-offset-4">
              {formatIncidentNumber(incident.number)} · {incident.title}
            </Link>{" "}
            since {formatDateTime(incident.openedAt, timeZone)}
            {incident.silenced ? " (planned maintenance)" : ""}
          </li>
        ))}
      </ul>
    </section>
  );
}
