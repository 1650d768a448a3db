/*
 * Reads of incidents for other rooms' pages (topology, map, portal) and the network pages.
 */
import "server-only";
import { and, asc, desc, eq, ne } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { incidents, type AlertSeverity, type IncidentObjectType, type IncidentStatus } from "./schema";

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
