import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/session";
import { withoutNul } from "@/lib/core/action";
import { clock } from "@/lib/core/clock";
import { listStaff } from "@/lib/auth/staff";
import { incidentListSchema } from "@/lib/alerts/forms";
import { listIncidents } from "@/lib/alerts/queries";
import { tenantLocale } from "@/lib/tenants/queries";
import { PageHeader, EmptyState } from "@/components/shell/page-header";
import { Button } from "@/components/ui/button";
import { Pager } from "@/components/ui/pager";
import { NetworkTabs } from "@/components/network/network-tabs";
import { IncidentFilters, incidentListHref } from "@/components/network/incident-filters";
import { IncidentsTable } from "@/components/network/incidents-table";

export const metadata = { title: "Incidents" };

export default async function IncidentsPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requireStaffPage("network:view");
  const filter = incidentListSchema.parse(withoutNul(await searchParams));
  const [{ timeZone }, staff, { rows, hasMore }] = await Promise.all([
    tenantLocale(ctx.db, { tenantId: ctx.tenantId }),
    listStaff(ctx.db, { tenantId: ctx.tenantId }),
    listIncidents(ctx.db, { tenantId: ctx.tenantId, filter }),
  ]);
  const staffNames = new Map(staff.map((member) => [member.id, member.name]));
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
      <IncidentFilters filter={filter} />
      {rows.length === 0 ? (
        <EmptyState title={filter.status === "unresolved" ? "No open incidents" : "No incidents match"}>
          {filter.status === "unresolved" ? "Every router and link is within its rules." : "Choose another status."}
        </EmptyState>
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
