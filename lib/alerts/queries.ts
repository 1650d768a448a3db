/*
 * Reads of incidents for other rooms' pages (topology, map, portal) and the network pages.
 */
import "server-only";
import { and, asc, desc, eq, ilike, isNull, max, min, ne, or, sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { isUuid } from "@/lib/core/ids";
import {
  incidentEvents,
  incidents,
  type AlertSeverity,
  type Incident,
  type IncidentEventKind,
  type IncidentObjectType,
  type IncidentStatus,
} from "./schema";
import type { IncidentListFilter } from "./forms";
import { parseIncidentNumber } from "./describe";
import { behindCustomer } from "./customer-incidents";

export type IncidentSummary = {
  id: string;
  number: number;
  title: string;
  severity: AlertSeverity;
  status: IncidentStatus;
  objectType: IncidentObjectType;
  objectKey: string;
  routerId: string | null;
  siteId: string | null;
  flapping: boolean;
  silenced: boolean;
  openedAt: Date;
  affectedSubscribers: number;
  onlineBefore: number;
};

const summaryColumns = {
  id: incidents.id,
  number: incidents.number,
  title: incidents.title,
  severity: incidents.severity,
  status: incidents.status,
  objectType: incidents.objectType,
  objectKey: incidents.objectKey,
  routerId: incidents.routerId,
  siteId: incidents.siteId,
  flapping: incidents.flapping,
  silenced: incidents.silenced,
  openedAt: incidents.openedAt,
  affectedSubscribers: incidents.affectedSubscribers,
  onlineBefore: incidents.onlineBefore,
};

/** The ISP's unresolved incidents, worst first, then oldest first. */
export async function openIncidentSummaries(db: DbOrTx, { tenantId }: { tenantId: string }): Promise<IncidentSummary[]> {
  const rows = await db
    .select(summaryColumns)
    .from(incidents)
    .where(and(eq(incidents.tenantId, tenantId), ne(incidents.status, "resolved")))
    .orderBy(asc(incidents.openedAt));
  const rank = { critical: 0, major: 1, minor: 2, warning: 3 } as const;
  return rows.sort((a, b) => rank[a.severity] - rank[b.severity] || a.openedAt.getTime() - b.openedAt.getTime());
}

/** The ISP's incidents, newest first (a page of them). */
export async function recentIncidents(
  db: DbOrTx,
  { tenantId, status, limit = 50, offset = 0 }: { tenantId: string; status?: IncidentStatus; limit?: number; offset?: number },
): Promise<IncidentSummary[]> {
  return db
    .select(summaryColumns)
    .from(incidents)
    .where(and(eq(incidents.tenantId, tenantId), status ? eq(incidents.status, status) : undefined))
    .orderBy(desc(incidents.openedAt))
    .limit(limit)
    .offset(offset);
}

// ---- the network pages ------------------------------------------------------------------------------------

export type IncidentRow = IncidentSummary & {
  /** The incident's site (for a site incident, its object). */
  siteName: string | null;
  routerName: string | null;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  assignedTo: string | null;
  resolvedAt: Date | null;
};

const statusFilter = (status: IncidentListFilter["status"]) =>
  status === "all" ? undefined : status === "unresolved" ? ne(incidents.status, "resolved") : eq(incidents.status, status);

const likeTerm = (q: string) => `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

function assigneeFilter(assignee: string | undefined, viewerId: string | undefined) {
  if (!assignee) return undefined;
  if (assignee === "unassigned") return isNull(incidents.assignedTo);
  if (assignee === "me") return viewerId ? eq(incidents.assignedTo, viewerId) : sql`false`;
  return eq(incidents.assignedTo, assignee);
}

/** What the list's filter asks beyond the status; a field left out narrows nothing. */
function listFilters(tenantId: string, filter: IncidentListFilter, viewerId: string | undefined): (SQL | undefined)[] {
  const number = filter.q ? parseIncidentNumber(filter.q) : null;
  return [
    filter.severity ? eq(incidents.severity, filter.severity) : undefined,
    filter.object ? eq(incidents.objectType, filter.object) : undefined,
    // The router must be the ISP's as well as the incident's: another ISP's router id matches nothing.
    filter.router
      ? and(eq(incidents.routerId, filter.router), sql`exists (select 1 from routers r where r.id = ${filter.router} and r.tenant_id = ${tenantId})`)
      : undefined,
    assigneeFilter(filter.assignee, viewerId),
    filter.q ? or(ilike(incidents.title, likeTerm(filter.q)), number === null ? undefined : eq(incidents.number, number)) : undefined,
  ];
}

/**
 * A page of the ISP's incidents, newest first, with the router's name; `hasMore` when an older page exists.
 * `viewerId` is whom the assignee filter's "me" means (nobody when absent).
 */
export async function listIncidents(
  db: DbOrTx,
  { tenantId, viewerId, filter, pageSize = 25 }: { tenantId: string; viewerId?: string; filter: IncidentListFilter; pageSize?: number },
): Promise<{ rows: IncidentRow[]; hasMore: boolean }> {
  const rows = await db
    .select({
      ...summaryColumns,
      acknowledgedAt: incidents.acknowledgedAt,
      acknowledgedBy: incidents.acknowledgedBy,
      assignedTo: incidents.assignedTo,
      resolvedAt: incidents.resolvedAt,
      routerName: sql<string | null>`(select r.name from routers r where r.id = ${incidents.routerId} and r.tenant_id = ${tenantId})`,
      siteName: sql<string | null>`(select st.name from sites st where st.id = ${incidents.siteId} and st.tenant_id = ${tenantId})`,
    })
    .from(incidents)
    .where(and(eq(incidents.tenantId, tenantId), statusFilter(filter.status), ...listFilters(tenantId, filter, viewerId)))
    .orderBy(desc(incidents.openedAt), desc(incidents.number))
    .limit(pageSize + 1)
    .offset((filter.page - 1) * pageSize);
  return { rows: rows.slice(0, pageSize), hasMore: rows.length > pageSize };
}

export type IncidentDetail = {
  incident: Incident;
  routerName: string | null;
  siteName: string | null;
  events: { id: string; at: Date; kind: IncidentEventKind; actorName: string | null; body: string }[];
};

/** One incident of the ISP with its router and timeline (oldest first); null when it is not the ISP's. */
export async function getIncidentDetail(
  db: DbOrTx,
  { tenantId, incidentId }: { tenantId: string; incidentId: string },
): Promise<IncidentDetail | null> {
  if (!isUuid(incidentId)) return null;
  const [row] = await db
    .select({
      incident: incidents,
      routerName: sql<string | null>`(select r.name from routers r where r.id = ${incidents.routerId} and r.tenant_id = ${tenantId})`,
      siteName: sql<
        string | null
      >`(select s.name from sites s where s.id = coalesce(${incidents.siteId}, (select r.site_id from routers r where r.id = ${incidents.routerId})) and s.tenant_id = ${tenantId})`,
    })
    .from(incidents)
    .where(and(eq(incidents.tenantId, tenantId), eq(incidents.id, incidentId)));
  if (!row) return null;
  const events = await db
    .select({
      id: incidentEvents.id,
      at: incidentEvents.at,
      kind: incidentEvents.kind,
      actorName: incidentEvents.actorName,
      body: incidentEvents.body,
    })
    .from(incidentEvents)
    .where(and(eq(incidentEvents.tenantId, tenantId), eq(incidentEvents.incidentId, incidentId)))
    .orderBy(asc(incidentEvents.at), asc(incidentEvents.seq));
  return { ...row, events };
}

export type IncidentStreamSummary = {
  open: number;
  bySeverity: Record<AlertSeverity, number>;
  /** The worst first, then the newest: what the banner names. */
  newest: { id: string; number: number; title: string; severity: AlertSeverity }[];
};

/** What the live banner and the dashboard card show: unresolved incidents by severity and the first few. */
export async function incidentStreamSummary(db: DbOrTx, { tenantId, few = 3 }: { tenantId: string; few?: number }): Promise<IncidentStreamSummary> {
  const open = await openIncidentSummaries(db, { tenantId });
  const bySeverity = { critical: 0, major: 0, minor: 0, warning: 0 } satisfies Record<AlertSeverity, number>;
  for (const incident of open) bySeverity[incident.severity] += 1;
  const newest = open.slice(0, few).map(({ id, number, title, severity }) => ({ id, number, title, severity }));
  return { open: open.length, bySeverity, newest };
}

/** The newest change to any of the ISP's incidents (another process's changes show here). */
export async function lastIncidentChange(db: DbOrTx, { tenantId }: { tenantId: string }): Promise<number> {
  const [row] = await db
    .select({ at: max(incidents.updatedAt) })
    .from(incidents)
    .where(eq(incidents.tenantId, tenantId));
  return row?.at ? new Date(row.at).getTime() : 0;
}

/**
 * A known outage where the subscriber is: the oldest unresolved, not silenced incident on a router one of the
 * customer's subscriptions is on (an interface alone may not touch them), or on that router's site. Only when it started: subscribers see no internal details.
 */
export async function outageForCustomer(
  db: DbOrTx,
  { tenantId, customerId }: { tenantId: string; customerId: string },
): Promise<{ since: Date } | null> {
  const [row] = await db
    .select({ since: min(incidents.openedAt) })
    .from(incidents)
    .where(
      and(
        eq(incidents.tenantId, tenantId),
        ne(incidents.status, "resolved"),
        eq(incidents.silenced, false),
        ne(incidents.objectType, "interface"),
        behindCustomer(tenantId, customerId, "not_terminated"),
      ),
    );
  return row?.since ? { since: new Date(row.since) } : null;
}
