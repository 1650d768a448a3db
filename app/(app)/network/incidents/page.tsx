import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/session";
import { withoutNul } from "@/lib/core/action";
import { clock } from "@/lib/core/clock";
import { listStaff } from "@/lib/auth/staff";
import { incidentListSchema } from "@/lib/alerts/forms";
import { listIncidents } from "@/lib/alerts/queries";
import { listRouters } from "@/lib/routers/service";
import { tenantLocale } from "@/lib/tenants/queries";
import { PageHeader, EmptyState } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { Pager } from "@/components/ui/pager";
import { NetworkTabs } from "@/components/network/network-tabs";
import { hasIncidentFilters, IncidentFilters, incidentListHref } from "@/components/network/incident-filters";
import { IncidentsTable } from "@/components/network/incidents-table";

export const metadata = { title: "Incidents" };

export default async function IncidentsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requireStaffPage("network:view");
  const parsed = incidentListSchema.parse(withoutNul(await searchParams));
  const [{ timeZone }, staff, routers] = await Promise.all([
    tenantLocale(ctx.db, { tenantId: ctx.tenantId }),
    listStaff(ctx.db, { tenantId: ctx.tenantId }),
    listRouters(ctx.db, { tenantId: ctx.tenantId }),
  ]);
  // A router or staff member the ISP does not have (a stale or edited link) falls back to "any", as the selects show.
  const knownAssignee = parsed.assignee === "me" || parsed.assignee === "unassigned" || staff.some((member) => member.id === parsed.assignee);
  const filter = {
    ...parsed,
    router: routers.some((router) => router.id === parsed.router) ? parsed.router : undefined,
    assignee: knownAssignee ? parsed.assignee : undefined,
  };
  const { rows, hasMore } = await listIncidents(ctx.db, { tenantId: ctx.tenantId, viewerId: ctx.userId, filter });
  const staffNames = new Map(staff.map((member) => [member.id, member.name]));
  const filtered = hasIncidentFilters(filter);
  return (
    <>
      <PageHeader
        title="Incidents"
        description="What the alert rules opened, newest first. Open one to acknowledge, assign or tell the subscribers behind it."
        actions={
          <Button asChild variant="outline">
            <Link href="/network/incidents/report">Monthly report</Link>
          </Button>
        }
      />
      <NetworkTabs />
      <IncidentFilters
        filter={filter}
        options={{ routers: routers.map(({ id, name }) => ({ id, name })), staff: staff.map(({ id, name }) => ({ id, name })) }}
      />
      {rows.length === 0 ? (
        filter.status === "unresolved" && !filtered ? (
          <EmptyState title="No open incidents">Every router and link is within its rules.</EmptyState>
        ) : (
          <EmptyState
            title="No incidents match these filters"
            action={
              <Button asChild variant="outline">
                <Link href={filtered ? incidentListHref({ status: filter.status }) : incidentListHref({})}>Clear filters</Link>
              </Button>
            }
          >
            {filtered ? "Change the filters or clear them." : "Choose another status."}
          </EmptyState>
        )
      ) : (
        <IncidentsTable rows={rows} staffNames={staffNames} timeZone={timeZone} now={clock.now()} />
      )}
      <Pager
        newer={filter.page > 1 ? incidentListHref({ ...filter, page: filter.page - 1 }) : null}
        older={hasMore ? incidentListHref({ ...filter, page: filter.page + 1 }) : null}
      />
    </>
  );
}
