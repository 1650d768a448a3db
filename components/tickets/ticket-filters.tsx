import Link from "next/link";
import { ticketCategories, ticketPriorities, ticketStatuses } from "@/lib/tickets/schema";
import { categoryLabels, priorityLabels, statusLabels, type TicketListFilter } from "@/lib/tickets/rules";
import { cn } from "@/lib/core/cn";
import { Button } from "@/components/ui/button";
import { Input, Label, NativeSelect } from "@/components/ui/input";

export type StaffOption = { id: string; name: string };

/** The list's URL for a filter (defaults left out, so links stay short). */
export function ticketListHref(filter: Partial<TicketListFilter>, base = "/tickets") {
  const params = new URLSearchParams();
  if (filter.status && filter.status !== "open") params.set("status", filter.status);
  for (const key of ["priority", "category", "assignee", "q"] as const) if (filter[key]) params.set(key, String(filter[key]));
  if (filter.sla && filter.sla !== "all") params.set("sla", filter.sla);
  if (filter.page && filter.page > 1) params.set("page", String(filter.page));
  return `${base}${params.size ? `?${params}` : ""}`;
}

const quickViews: { label: string; filter: Partial<TicketListFilter> }[] = [
  { label: "Open", filter: { status: "open" } },
  { label: "Mine", filter: { status: "open", assignee: "mine" } },
  { label: "Unassigned", filter: { status: "open", assignee: "unassigned" } },
  { label: "At risk", filter: { status: "open", sla: "at_risk" } },
  { label: "Breached", filter: { status: "open", sla: "breached" } },
  { label: "All", filter: { status: "all" } },
];

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

/** Quick views and the full filter form (a plain GET form: works without JavaScript, the URL is shareable). */
export function TicketFilters({ filter, staff }: { filter: TicketListFilter; staff: StaffOption[] }) {
  const isView = (v: Partial<TicketListFilter>) =>
    (v.status ?? "open") === filter.status &&
    (v.assignee ?? undefined) === filter.assignee &&
    (v.sla ?? "all") === filter.sla &&
    !filter.priority &&
    !filter.category &&
    !filter.q;
  return (
    <div className="mb-4 flex flex-col gap-4">
      <nav aria-label="Ticket views" className="flex flex-wrap gap-1">
        {quickViews.map((v) => (
          <Link
            key={v.label}
            href={ticketListHref(v.filter)}
            aria-current={isView(v.filter) ? "page" : undefined}
            className={cn("rounded-md px-3 py-1.5 text-sm", isView(v.filter) ? "bg-primary text-primary-foreground" : "hover:bg-muted")}
          >
            {v.label}
          </Link>
        ))}
      </nav>
      <form method="get" className="grid grid-cols-2 items-end gap-3 sm:grid-cols-3 lg:grid-cols-7">
        <div className="col-span-2 flex flex-col gap-1.5 sm:col-span-3 lg:col-span-2">
          <Label htmlFor="ticket-search">Search</Label>
          <Input id="ticket-search" name="q" type="search" defaultValue={filter.q ?? ""} placeholder="T-000123, subject, customer or account" />
        </div>
        <Select id="ticket-status" label="Status" name="status" value={filter.status}>
          <option value="open">Open (not resolved)</option>
          <option value="all">Any status</option>
          {ticketStatuses.map((s) => (
            <option key={s} value={s}>
              {statusLabels[s]}
            </option>
          ))}
        </Select>
        <Select id="ticket-priority" label="Priority" name="priority" value={filter.priority}>
          <option value="">Any priority</option>
          {[...ticketPriorities].reverse().map((p) => (
            <option key={p} value={p}>
              {priorityLabels[p]}
            </option>
          ))}
        </Select>
        <Select id="ticket-category" label="Category" name="category" value={filter.category}>
          <option value="">Any category</option>
          {ticketCategories.map((c) => (
            <option key={c} value={c}>
              {categoryLabels[c]}
            </option>
          ))}
        </Select>
        <Select id="ticket-assignee" label="Assignee" name="assignee" value={filter.assignee}>
          <option value="">Anyone</option>
          <option value="mine">Me</option>
          <option value="unassigned">Nobody</option>
          {staff.map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </Select>
        <Select id="ticket-sla" label="SLA" name="sla" value={filter.sla === "all" ? "" : filter.sla}>
          <option value="">Any</option>
          <option value="on_track">On track</option>
          <option value="at_risk">At risk</option>
          <option value="breached">Breached</option>
        </Select>
        <div className="col-span-2 flex gap-2 sm:col-span-3 lg:col-span-7">
          <Button type="submit" variant="outline">
            Apply filters
          </Button>
          <Button asChild variant="ghost">
            <Link href="/tickets">Clear</Link>
          </Button>
        </div>
      </form>
    </div>
  );
}
