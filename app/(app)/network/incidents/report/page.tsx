import { requireStaffPage } from "@/lib/auth/session";
import { monthLabel } from "@/lib/core/calendar";
import { monthlyIncidentReport } from "@/lib/alerts/reports";
import { tenantLocale } from "@/lib/tenants/queries";
import { alertSeverities, severityLabels } from "@/lib/alerts/values";
import { PageHeader } from "@/components/shell/page-header";
import { DataTable } from "@/components/ui/table";
import { NetworkTabs } from "@/components/network/network-tabs";
import { formatDuration } from "@/components/network/incident-badges";

export const metadata = { title: "Incident report" };

const minutesText = (minutes: number | null) => (minutes === null ? "—" : formatDuration(minutes * 60_000));

export default async function IncidentReportPage() {
  const ctx = await requireStaffPage("network:view");
  const { timeZone } = await tenantLocale(ctx.db, { tenantId: ctx.tenantId });
  const months = await monthlyIncidentReport(ctx.db, { tenantId: ctx.tenantId, timeZone });
  const columns = [
    { label: "Month" },
    { label: "Incidents", align: "right" as const },
    ...alertSeverities.map((severity) => ({ label: severityLabels[severity], align: "right" as const })),
    { label: "Mean time to acknowledge", align: "right" as const },
    { label: "Mean time to resolve", align: "right" as const },
  ];
  return (
    <>
      <PageHeader
        title="Incident report"
        description={`Incidents by the month they opened (${timeZone}): how many, how severe, and how long until someone acknowledged and resolved them.`}
      />
      <NetworkTabs />
      <DataTable columns={columns} label="Incidents per month">
        {months.map((month) => (
          <tr key={month.month}>
            <th scope="row" className="p-3 text-left font-medium">
              {monthLabel(month.month)}
            </th>
            <td className="p-3 text-right tabular-nums">{month.count}</td>
            {alertSeverities.map((severity) => (
              <td key={severity} className="p-3 text-right tabular-nums">
                {month.bySeverity[severity]}
              </td>
            ))}
            <td className="p-3 text-right tabular-nums">
              {minutesText(month.mttaMinutes)}
              {month.acknowledged > 0 ? <span className="block text-xs text-muted-foreground">of {month.acknowledged}</span> : null}
            </td>
            <td className="p-3 text-right tabular-nums">
              {minutesText(month.mttrMinutes)}
              {month.resolved > 0 ? <span className="block text-xs text-muted-foreground">of {month.resolved}</span> : null}
            </td>
          </tr>
        ))}
      </DataTable>
    </>
  );
}
