import Link from "next/link";
import type { IncidentListFilter } from "@/lib/alerts/forms";
import { alertSeverities, incidentObjectTypes, severityLabels, type IncidentObjectType } from "@/lib/alerts/values";
import { cn } from "@/lib/core/cn";
import { Button } from "@/components/ui/button";
import { Input, Label, NativeSelect } from "@/components/ui/input";

export type IncidentFilterOptions = { routers: { id: string; name: string }[]; staff: { id: string; name: string }[] };

const statusChoices: { status: IncidentListFilter["status"]; label: string }[] = [
  { status: "unresolved", label: "Open or acknowledged" },
  { status: "open", label: "Open" },
  { status: "acknowledged", label: "Acknowledged" },
  { status: "resolved", label: "Resolved" },
  { status: "all", label: "All" },
];

const objectLabels: Record<IncidentObjectType, string> = {
  router: "Router",
  interface: "Interface",
  subscription: "Subscription",
  site: "Site",
};

const narrowing = ["severity", "object", "router", "assignee", "q"] as const;

/** Whether the list is narrowed by more than its status (the empty state then offers to clear). */
export const hasIncidentFilters = (filter: Partial<IncidentListFilter>) => narrowing.some((key) => !!filter[key]);

/** The list's URL for a filter (defaults left out, so links stay short). */
export function incidentListHref(filter: Partial<IncidentListFilter>): string {
  const params = new URLSearchParams();
  if (filter.status && filter.status !== "unresolved") params.set("status", filter.status);
  for (const key of narrowing) if (filter[key]) params.set(key, filter[key]);
  if (filter.page && filter.page > 1) params.set("page", String(filter.page));
  return params.size ? `/network/incidents?${params}` : "/network/incidents";
}

function Select({ id, label, name, value, children }: { id: string; label: string; name: string; value?: string; children: React.ReactNode }) {
  return (
    <div className="flex min-w-0 flex-col gap-1.5">
      <Label htmlFor={id}>{label}</Label>
      <NativeSelect id={id} name={name} defaultValue={value ?? ""}>
        {children}
      </NativeSelect>
    </div>
  );
}

/**
 * Status chips (each keeps the other filters) and a plain GET form for the rest: works without JavaScript and the
 * URL is the whole filter.
 */
export function IncidentFilters({ filter, options }: { filter: IncidentListFilter; options: IncidentFilterOptions }) {
  return (
    <div className="mb-4 flex flex-col gap-4">
      <nav aria-label="Incident status" className="flex flex-wrap gap-2">
        {statusChoices.map((choice) => {
          const current = choice.status === filter.status;
          return (
            <Link
              key={choice.status}
              href={incidentListHref({ ...filter, status: choice.status, page: 1 })}
              aria-current={current ? "page" : undefined}
              className={cn("rounded-full border px-3 py-1 text-sm", current ? "border-primary bg-muted font-semibold" : "hover:bg-muted")}
            >
              {choice.label}
            </Link>
          );
        })}
      </nav>
      <form method="get" role="search" aria-label="Filter incidents" className="grid grid-cols-2 items-end gap-3 sm:grid-cols-3 lg:grid-cols-6">
        {filter.status !== "unresolved" ? <input type="hidden" name="status" value={filter.status} /> : null}
        <div className="col-span-2 flex min-w-0 flex-col gap-1.5 sm:col-span-3 lg:col-span-2">
          <Label htmlFor="incident-search">Search</Label>
          <Input id="incident-search" name="q" type="search" defaultValue={filter.q ?? ""} placeholder="INC-42 or words of the title" />
        </div>
        <Select id="incident-severity" label="Severity" name="severity" value={filter.severity}>
          <option value="">Any severity</option>
          {alertSeverities.map((severity) => (
            <option key={severity} value={severity}>
              {severityLabels[severity]}
            </option>
          ))}
        </Select>
        <Select id="incident-object" label="Object" name="object" value={filter.object}>
          <option value="">Any object</option>
          {incidentObjectTypes.map((type) => (
            <option key={type} value={type}>
              {objectLabels[type]}
            </option>
          ))}
        </Select>
        <Select id="incident-router" label="Router" name="router" value={filter.router}>
          <option value="">Any router</option>
          {options.routers.map((router) => (
            <option key={router.id} value={router.id}>
              {router.name}
            </option>
          ))}
        </Select>
        <Select id="incident-assignee" label="Assigned to" name="assignee" value={filter.assignee}>
          <option value="">Anyone</option>
          <option value="me">Me</option>
          <option value="unassigned">Nobody</option>
          {options.staff.map((member) => (
            <option key={member.id} value={member.id}>
              {member.name}
            </option>
          ))}
        </Select>
        <div className="col-span-2 flex flex-wrap gap-2 sm:col-span-3 lg:col-span-6">
          <Button type="submit" variant="outline">
            Apply filters
          </Button>
          {hasIncidentFilters(filter) ? (
            <Button asChild variant="ghost">
              <Link href={incidentListHref({ status: filter.status })}>Clear filters</Link>
            </Button>
          ) : null}
        </div>
      </form>
    </div>
  );
}
