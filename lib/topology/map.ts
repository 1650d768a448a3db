/*
 * The network map's data: sites, routers with their status, subscribers with coordinates (status, online now,
 * inside an outage), the open incidents' outage areas and a heat layer of the last 30 days' tickets. Every room is
 * read through its own query functions; map-rules.ts puts them together.
 */
import "server-only";
import type { DbOrTx } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";
import { listRouters, listSites } from "@/lib/routers/service";
import { geolocatedCustomers } from "@/lib/customers/queries";
import { subscriptionsOnRouters } from "@/lib/subscriptions/queries";
import { onlineSubscriptionIds } from "@/lib/monitoring/queries";
import { openIncidentSummaries } from "@/lib/alerts/queries";
import { ticketCountsByCustomer } from "@/lib/tickets/queries";
import { buildNetworkMap } from "./map-rules";
import type { NetworkMapData } from "./map-values";

const HEAT_DAYS = 30;

export async function networkMapData(db: DbOrTx, { tenantId, now = clock.now() }: { tenantId: string; now?: Date }): Promise<NetworkMapData> {
  const since = new Date(now.getTime() - HEAT_DAYS * 86_400_000);
  const [sites, routers, customers, subscriptions, online, incidents, ticketsByCustomer] = await Promise.all([
    listSites(db, { tenantId }),
    listRouters(db, { tenantId }),
    geolocatedCustomers(db, { tenantId }),
    subscriptionsOnRouters(db, { tenantId }),
    onlineSubscriptionIds(db, { tenantId, now }),
    openIncidentSummaries(db, { tenantId }),
    ticketCountsByCustomer(db, { tenantId, since }),
  ]);
  return buildNetworkMap({ sites, routers, customers, subscriptions, online, incidents, ticketsByCustomer });
}
