import Link from "next/link";
import type { IncidentListFilter } from "@/lib/alerts/forms";

const choices: { status: IncidentListFilter["status"]; label: string }[] = [
  { status: "unresolved", label: "Open or acknowledged" },
  { status: "open", label: "Open" },
  { status: "acknowledged", label: "Acknowledged" },
  { status: "resolved", label: "Resolved" },
  { status: "all", label: "All" },
];

export function incidentListHref(filter: IncidentListFilter): string {
  const params = new URLSearchParams();
  if (filter.status !== "unresolved") params.set("status", filter.status);
  if (filter.page > 1) params.set("page", String(filter.page));
  const query = params.toString();
  return query ? `/network/incidents?${query}` : "/network/incidents";
}

/** Which incidents to list, as links (the filter lives in the URL). */
export function IncidentFilters({ filter }: { filter: IncidentListFilter }) {
  return (
    <nav aria-label="Incident status" className="mb-4 flex flex-wrap gap-2">
      {choices.map((choice) => {
        const current = choice.status === filter.status;
        return (
          <Link
            key={choice.status}
            href={incidentListHref({ status: choice.status, page: 1 })}
            aria-current={current ? "page" : undefined}
            className={`rounded-full border px-3 py-1 text-sm ${current ? "border-primary bg-muted font-semibold" : "hover:bg-muted"}`}
          >
            {choice.label}
          </Link>
        );
      })}
    </nav>
  );
}
