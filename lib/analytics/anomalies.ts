/*
 * Anomalies for people: the ISP's list (open first, then newest), and the staff's feedback on one, which is
 * audited and moves the object's sensitivity ("expected" makes it quieter, "real issue" keener) for the next runs.
 */
import "server-only";
import { and, asc, eq, gte, lte, sql, type SQL } from "drizzle-orm";
import type { Db, DbOrTx } from "@/lib/db/types";
import { rowsOf } from "@/lib/db/bulk";
import { clock } from "@/lib/core/clock";
import { notFound } from "@/lib/core/errors";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { tunedSensitivity } from "./anomaly/detector";
import type { AnomalyFeedbackInput, AnomalyListParams } from "./anomaly-forms";
import { analyticsAnomalies, analyticsAnomalyTuning } from "./schema";
import type { AnomalyFeedback, AnomalyKind, AnomalyMetric, AnomalyObjectKind, AnomalyStatus } from "./values";

export const ANOMALIES_PAGE_SIZE = 50;

export type AnomalyRow = {
  id: string;
  routerId: string;
  routerName: string;
  objectKind: AnomalyObjectKind;
  objectId: string;
  /** The interface's name, the subscriber's username or the router's name. */
  objectLabel: string;
  metric: AnomalyMetric;
  kind: AnomalyKind;
  direction: "below" | "above";
  startedAt: Date;
  endedAt: Date;
  severity: number;
  expected: number;
  actual: number;
  status: AnomalyStatus;
  feedback: AnomalyFeedback | null;
  sensitivity: number;
};

/** One page of the ISP's anomalies; one statement, with the router's name and the subscriber's username. */
export async function listAnomalies(db: DbOrTx, { tenantId, status, kind, object, router, page }: AnomalyListParams & { tenantId: string }) {
  const filters: SQL[] = [sql`a.tenant_id = ${tenantId}`];
  if (status) filters.push(sql`a.status = ${status}`);
  if (kind) filters.push(sql`a.kind = ${kind}`);
  if (object) filters.push(sql`a.object_kind = ${object}`);
  if (router) filters.push(sql`a.router_id = ${router}`);
  const rows = rowsOf<Record<string, unknown>>(
    await db.execute(sql`
      select a.id, a.router_id, r.name as router_name, a.object_kind, a.object_id, s.username, a.metric, a.kind, a.direction,
             a.started_at, a.ended_at, a.severity, a.expected, a.actual, a.status, a.feedback,
             coalesce(t.sensitivity, 1) as sensitivity, count(*) over () as total
      from analytics_anomalies a
      join routers r on r.id = a.router_id and r.tenant_id = a.tenant_id
      left join subscriptions s on a.object_kind = 'subscription' and s.tenant_id = a.tenant_id and s.id::text = a.object_id
      left join analytics_anomaly_tuning t on t.router_id = a.router_id and t.object_kind = a.object_kind and t.object_id = a.object_id
      where ${sql.join(filters, sql` and `)}
      order by (a.status = 'open') desc, a.started_at desc, a.id
      limit ${ANOMALIES_PAGE_SIZE} offset ${(page - 1) * ANOMALIES_PAGE_SIZE}`),
  );
  const total = rows.length > 0 ? Number(rows[0].total) : 0;
  return {
    total,
    rows: rows.map(
      (row): AnomalyRow => ({
        id: String(row.id),
        routerId: String(row.router_id),
        routerName: String(row.router_name),
        objectKind: row.object_kind as AnomalyObjectKind,
        objectId: String(row.object_id),
        objectLabel: row.object_kind === "router" ? String(row.router_name) : row.object_kind === "subscription" ? String(row.username ?? row.object_id) : String(row.object_id),
        metric: row.metric as AnomalyMetric,
        kind: row.kind as AnomalyKind,
        direction: row.direction as "below" | "above",
        startedAt: new Date(row.started_at as string),
        endedAt: new Date(row.ended_at as string),
        severity: Number(row.severity),
        expected: Number(row.expected),
        actual: Number(row.actual),
        status: row.status as AnomalyStatus,
        feedback: (row.feedback as AnomalyFeedback | null) ?? null,
        sensitivity: Number(row.sensitivity),
      }),
    ),
  };
}

/** Staff say an anomaly was expected (a planned change, a holiday) or a real issue; the object's sensitivity follows. */
export async function recordAnomalyFeedback(db: Db, actor: TenantActor, { anomalyId, feedback }: AnomalyFeedbackInput) {
  const now = clock.now();
  return db.transaction(async (tx) => {
    const [anomaly] = await tx
      .select()
      .from(analyticsAnomalies)
      .where(and(eq(analyticsAnomalies.tenantId, actor.tenantId), eq(analyticsAnomalies.id, anomalyId)))
      .for("update");
    if (!anomaly) throw notFound("Anomaly");
    const object = { routerId: anomaly.routerId, objectKind: anomaly.objectKind, objectId: anomaly.objectId };
    const [tuning] = await tx
      .select()
      .from(analyticsAnomalyTuning)
      .where(
        and(
          eq(analyticsAnomalyTuning.tenantId, actor.tenantId),
          eq(analyticsAnomalyTuning.routerId, object.routerId),
          eq(analyticsAnomalyTuning.objectKind, object.objectKind),
          eq(analyticsAnomalyTuning.objectId, object.objectId),
        ),
      );
    const before = tuning?.sensitivity ?? 1;
    // Feedback given twice the same way on one anomaly tunes once; changing one's mind moves it back the other way.
    const sensitivity = anomaly.feedback === feedback ? before : tunedSensitivity(before, feedback, anomaly.feedback);
    await tx
      .update(analyticsAnomalies)
      .set({ feedback, feedbackBy: actor.userId ?? null, feedbackAt: now, updatedAt: now })
      .where(and(eq(analyticsAnomalies.tenantId, actor.tenantId), eq(analyticsAnomalies.id, anomalyId)));
    await tx
      .insert(analyticsAnomalyTuning)
      .values({ tenantId: actor.tenantId, ...object, sensitivity, updatedAt: now })
      .onConflictDoUpdate({ target: [analyticsAnomalyTuning.routerId, analyticsAnomalyTuning.objectKind, analyticsAnomalyTuning.objectId], set: { sensitivity, updatedAt: now } });
    await recordAudit(tx, actor, {
      action: "anomaly.feedback",
      entityType: "anomaly",
      entityId: anomalyId,
      before: { feedback: anomaly.feedback, sensitivity: before },
      after: { feedback, sensitivity },
    });
    return { anomalyId, feedback, sensitivity };
  });
}

/** One object's anomalies overlapping [from, to], oldest first: what a chart of it shades. */
export async function anomaliesOfObject(
  db: DbOrTx,
  { tenantId, routerId, objectKind, objectId, from, to }: { tenantId: string; routerId: string; objectKind: AnomalyObjectKind; objectId: string; from: Date; to: Date },
) {
  return db
    .select()
    .from(analyticsAnomalies)
    .where(
      and(
        eq(analyticsAnomalies.tenantId, tenantId),
        eq(analyticsAnomalies.routerId, routerId),
        eq(analyticsAnomalies.objectKind, objectKind),
        eq(analyticsAnomalies.objectId, objectId),
        lte(analyticsAnomalies.startedAt, to),
        gte(analyticsAnomalies.endedAt, from),
      ),
    )
    .orderBy(asc(analyticsAnomalies.startedAt))
    .limit(50);
}
