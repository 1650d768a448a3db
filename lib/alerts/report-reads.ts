/* Incidents as the report builder reads them: this room's own table, tenant-filtered, with their length in minutes. */
import { eq, sql } from "drizzle-orm";
import { QueryBuilder } from "drizzle-orm/pg-core";
import { incidents } from "@/lib/alerts/schema";
export { alertSeverities, incidentObjectTypes, incidentStatuses } from "@/lib/alerts/values";

export function incidentReportRows(tenantId: string, alias = "report_incidents") {
  return new QueryBuilder()
    .select({
      id: incidents.id,
      routerId: incidents.routerId,
      number: incidents.number,
      title: incidents.title,
      severity: incidents.severity,
      status: incidents.status,
      objectType: incidents.objectType,
      affectedSubscribers: incidents.affectedSubscribers,
      openedAt: incidents.openedAt,
      resolvedAt: incidents.resolvedAt,
      // Minutes from opening to resolution; null while it is open.
      durationMinutes: sql<number | null>`round(extract(epoch from (${incidents.resolvedAt} - ${incidents.openedAt})) / 60)::int`.as("duration_minutes"),
    })
    .from(incidents)
    .where(eq(incidents.tenantId, tenantId))
    .as(alias);
}
