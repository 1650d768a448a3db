/*
 * The incidents a customer is behind right now (their routers' unresolved router and interface incidents, and their
 * routers' sites' incidents), for
 * the staff pages where a subscriber's problem is handled: a ticket, the customer's page. The link between a
 * ticket and an outage is made when it is looked at, from the customer's routers, so a ticket opened before the
 * monitoring noticed is linked too.
 */
import "server-only";
import { and, asc, eq, inArray, ne, or, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { incidents, type AlertSeverity, type IncidentStatus } from "./schema";

/**
 * Incidents on the objects a customer is behind: their subscriptions' routers (router and interface incidents) and
 * those routers' sites (site incidents). `statuses`: which of the customer's subscriptions count.
 */
export function behindCustomer(tenantId: string, customerId: string, subscriptions: "active" | "not_terminated") {
  const counted = subscriptions === "active" ? sql`s.status = 'active'` : sql`s.status <> 'terminated'`;
  const routersOf = sql`select s.router_id from subscriptions s where s.tenant_id = ${tenantId} and s.customer_id = ${customerId} and ${counted}`;
  return or(
    and(inArray(incidents.objectType, ["router", "interface"]), sql`${incidents.routerId} in (${routersOf})`),
    and(eq(incidents.objectType, "site"), sql`${incidents.siteId} in (select r.site_id from routers r where r.tenant_id = ${tenantId} and r.id in (${routersOf}))`),
  );
}

export type CustomerIncident = { id: string; number: number; title: string; severity: AlertSeverity; status: IncidentStatus; openedAt: Date; silenced: boolean };

export async function openIncidentsOfCustomer(db: DbOrTx, { tenantId, customerId }: { tenantId: string; customerId: string }): Promise<CustomerIncident[]> {
  return db
    .select({
      id: incidents.id,
      number: incidents.number,
      title: incidents.title,
      severity: incidents.severity,
      status: incidents.status,
      openedAt: incidents.openedAt,
      silenced: incidents.silenced,
    })
    .from(incidents)
    .where(
      and(
        eq(incidents.tenantId, tenantId),
        ne(incidents.status, "resolved"),
        behindCustomer(tenantId, customerId, "active"),
      ),
    )
    .orderBy(asc(incidents.openedAt));
}
