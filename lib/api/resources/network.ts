/*
 * /api/v1/network/status: what the staff network status page shows at the top — routers by status, open incidents,
 * subscribers online — from the same domain reads (routers, alerts, monitoring).
 */
import { z } from "zod";
import { defineEndpoint } from "@/lib/api/endpoint";
import { iso, isoTime } from "@/lib/api/resources/common";
import { openIncidentSummaries } from "@/lib/alerts/queries";
import { alertSeverities, incidentStatuses } from "@/lib/alerts/values";
import { formatIncidentNumber } from "@/lib/alerts/describe";
import { clock } from "@/lib/core/clock";
import { onlineTrend } from "@/lib/monitoring/online-trend";
import { routerStatuses, type RouterStatus } from "@/lib/routers/api-reads";
import { listRouters } from "@/lib/routers/service";

function countBy(statuses: RouterStatus[]): Record<RouterStatus, number> {
  const counts = Object.fromEntries(routerStatuses.map((status) => [status, 0])) as Record<RouterStatus, number>;
  for (const status of statuses) counts[status] += 1;
  return counts;
}

export const networkStatusSchema = z
  .object({
    at: isoTime,
    routers: z
      .object({ total: z.int(), online: z.int(), degraded: z.int(), offline: z.int(), unknown: z.int() })
      .describe("How many routers are in each status as of their last poll"),
    openIncidents: z
      .array(
        z.object({
          id: z.uuid(),
          number: z.string().describe("INC-42, per ISP"),
          title: z.string(),
          severity: z.enum(alertSeverities),
          status: z.enum(incidentStatuses),
          openedAt: isoTime,
          affectedSubscribers: z.int(),
          silenced: z.boolean().describe("Inside a maintenance window: nobody is being alerted"),
        }),
      )
      .describe("Unresolved incidents, worst first, then oldest first"),
    subscribersOnline: z
      .object({ now: z.int(), sameTimeYesterday: z.int() })
      .describe("Subscribers with traffic in the last 3 minutes, and in the same minutes a day earlier"),
  })
  .meta({ id: "NetworkStatus" });

export const getNetworkStatus = defineEndpoint({
  method: "GET",
  path: "/network/status",
  operationId: "getNetworkStatus",
  summary: "Network status now",
  description: "Routers by status, open incidents and how many subscribers are online: a status page or NOC screen in one call.",
  tag: "Network",
  scope: "network:read",
  response: networkStatusSchema,
  handle: async (ctx) => {
    const now = clock.now();
    const [routers, open, online] = await Promise.all([
      listRouters(ctx.db, { tenantId: ctx.tenantId }),
      openIncidentSummaries(ctx.db, { tenantId: ctx.tenantId }),
      onlineTrend(ctx.db, { tenantId: ctx.tenantId, now }),
    ]);
    return {
      at: iso(now)!,
      routers: { total: routers.length, ...countBy(routers.map((router) => router.status)) },
      openIncidents: open.map((incident) => ({
        id: incident.id,
        number: formatIncidentNumber(incident.number),
        title: incident.title,
        severity: incident.severity,
        status: incident.status,
        openedAt: iso(incident.openedAt)!,
        affectedSubscribers: incident.affectedSubscribers,
        silenced: incident.silenced,
      })),
      subscribersOnline: { now: online.now, sameTimeYesterday: online.yesterday },
    };
  },
});
