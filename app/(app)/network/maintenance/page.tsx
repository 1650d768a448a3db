import { requireStaffPage } from "@/lib/auth/session";
import { can } from "@/lib/auth/permissions";
import { clock } from "@/lib/core/clock";
import { formatDateTime } from "@/lib/core/dates";
import { listRouters, listSites } from "@/lib/routers/service";
import { listMaintenanceWindows } from "@/lib/alerts/rules-service";
import { tenantLocale } from "@/lib/tenants/queries";
import { PageHeader, EmptyState } from "@/components/shell/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { DataTable } from "@/components/ui/table";
import { NetworkTabs } from "@/components/network/network-tabs";
import { EndMaintenanceButton, MaintenanceForm } from "@/components/network/maintenance-form";

export const metadata = { title: "Maintenance" };

/** "2026-12-06T14:30" for a datetime-local field: the wall clock in `timeZone`, to the minute. */
function wallClock(instant: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("sv-SE", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  })
    .format(instant)
    .replace(" ", "T");
}

export default async function MaintenancePage() {
  const ctx = await requireStaffPage("network:view");
  const mayEdit = can(ctx.role, "alerts:settings");
  const now = clock.now();
  const [{ timeZone }, windows, routers, sites] = await Promise.all([
    tenantLocale(ctx.db, { tenantId: ctx.tenantId }),
    listMaintenanceWindows(ctx.db, { tenantId: ctx.tenantId, now }),
    listRouters(ctx.db, { tenantId: ctx.tenantId }),
    listSites(ctx.db, { tenantId: ctx.tenantId }),
  ]);
  const routerNames = new Map(routers.map((r) => [r.id, r.name]));
  const siteNames = new Map(sites.map((s) => [s.id, s.name]));
  const scopeOf = (w: (typeof windows)[number]) =>
    w.routerId ? `Router ${routerNames.get(w.routerId) ?? "?"}` : w.siteId ? `Site ${siteNames.get(w.siteId) ?? "?"}` : "Every router";
  const groups = [
    { title: "Now", rows: windows.filter((w) => w.startsAt <= now && w.endsAt > now) },
    { title: "Coming", rows: windows.filter((w) => w.startsAt > now) },
    { title: "Recent (30 days)", rows: windows.filter((w) => w.endsAt <= now).reverse() },
  ];
  const start = new Date(Math.ceil(now.getTime() / 900_000) * 900_000);
  return (
    <>
      <PageHeader
        title="Maintenance"
        description="Planned work on a router or a site: rules keep watching, incidents inside a window are recorded as silenced and nobody is told."
      />
      <NetworkTabs />
      <div className="flex flex-col gap-5">
        {mayEdit ? (
          <Card>
            <CardHeader>
              <CardTitle>Plan a window</CardTitle>
            </CardHeader>
            <CardContent>
              <MaintenanceForm
                routers={routers.map((r) => ({ id: r.id, name: r.name }))}
                sites={sites.map((s) => ({ id: s.id, name: s.name }))}
                startsAt={wallClock(start, timeZone)}
                endsAt={wallClock(new Date(start.getTime() + 2 * 3_600_000), timeZone)}
                timeZone={timeZone}
              />
            </CardContent>
          </Card>
        ) : null}
        {windows.length === 0 ? <EmptyState title="No maintenance windows">None now, none planned and none in the last 30 days.</EmptyState> : null}
        {groups
          .filter((group) => group.rows.length > 0)
          .map((group) => (
            <section key={group.title} aria-labelledby={`maintenance-${group.title.split(" ")[0]}`}>
              <h2 id={`maintenance-${group.title.split(" ")[0]}`} className="mb-2 text-base font-semibold">
                {group.title}
              </h2>
              <DataTable
                columns={[{ label: "Where" }, { label: "Starts" }, { label: "Ends" }, { label: "Reason" }, { label: "Actions", srOnly: true }]}
              >
                {group.rows.map((w) => (
                  <tr key={w.id}>
                    <td className="p-3">{scopeOf(w)}</td>
                    <td className="whitespace-nowrap p-3">{formatDateTime(w.startsAt, timeZone)}</td>
                    <td className="whitespace-nowrap p-3">{formatDateTime(w.endsAt, timeZone)}</td>
                    <td className="min-w-48 p-3">{w.reason}</td>
                    <td className="p-3 text-right">
                      {mayEdit && w.endsAt > now ? <EndMaintenanceButton windowId={w.id} started={w.startsAt <= now} reason={w.reason} /> : null}
                    </td>
                  </tr>
                ))}
              </DataTable>
            </section>
          ))}
      </div>
    </>
  );
}
