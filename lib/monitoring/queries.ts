/*
 * Reads for the traffic pages and routes. Every function takes the tenant and puts it in its WHERE:
 * another tenant's router or subscription reads as not found.
 */
import { and, asc, desc, eq, gte, lte, sql, type SQL } from "drizzle-orm";
import { z } from "zod";
import { AppError, notFound } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import type { DbOrTx } from "@/lib/db/types";
import { routers } from "@/lib/routers/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { servicePlans } from "@/lib/plans/schema";
import { routerHealth, trafficCounters, trafficPoints, type TrafficResolution } from "./schema";
import { resolutionMs } from "./rules";
import { rowsOf } from "@/lib/db/bulk";

export type TrafficSubject = { subjectType: "interface" | "subscription"; subject: string };

export type TrafficPoint = { t: string; rxBytes: number; txBytes: number; rxBps: number; txBps: number; rxMaxBps: number; txMaxBps: number };

/** Points of one interface or subscriber in [from, to], oldest first; rates are the bucket's average and peak. */
export async function trafficHistory(
  db: DbOrTx,
  input: { tenantId: string; routerId: string; resolution: TrafficResolution; from: Date; to: Date } & TrafficSubject,
): Promise<TrafficPoint[]> {
  const rows = await db
    .select()
    .from(trafficPoints)
    .where(
      and(
        eq(trafficPoints.tenantId, input.tenantId),
        eq(trafficPoints.routerId, input.routerId),
        eq(trafficPoints.subjectType, input.subjectType),
        eq(trafficPoints.subject, input.subject),
        eq(trafficPoints.resolution, input.resolution),
        gte(trafficPoints.bucket, input.from),
        lte(trafficPoints.bucket, input.to),
      ),
    )
    .orderBy(asc(trafficPoints.bucket));
  const seconds = resolutionMs[input.resolution] / 1000;
  return rows.map((row) => ({
    t: row.bucket.toISOString(),
    rxBytes: row.rxBytes,
    txBytes: row.txBytes,
    rxBps: Math.round((row.rxBytes * 8) / seconds),
    txBps: Math.round((row.txBytes * 8) / seconds),
    rxMaxBps: row.rxMaxBps,
    txMaxBps: row.txMaxBps,
  }));
}

/** The tenant's subscription with its router and plan type, or not_found. */
export async function loadSubscriptionTraffic(db: DbOrTx, { tenantId, subscriptionId }: { tenantId: string; subscriptionId: string }) {
  if (!isUuid(subscriptionId)) throw notFound("Subscription");
  const [row] = await db
    .select({
      id: subscriptions.id,
      username: subscriptions.username,
      status: subscriptions.status,
      routerId: subscriptions.routerId,
      routerName: routers.name,
      routerStatus: routers.status,
      planType: servicePlans.type,
    })
    .from(subscriptions)
    .innerJoin(servicePlans, eq(servicePlans.id, subscriptions.planId))
    .leftJoin(routers, and(eq(routers.id, subscriptions.routerId), eq(routers.tenantId, tenantId)))
    .where(and(eq(subscriptions.tenantId, tenantId), eq(subscriptions.id, subscriptionId)));
  if (!row) throw notFound("Subscription");
  return row;
}

/** A traffic route's query: one interface or one subscription, plus the route's own fields. */
export function trafficQuerySchema<Extra extends z.ZodRawShape>(extra: Extra) {
  return z
    .object({
      interface: z.string().trim().min(1).max(64).optional(),
      subscription: z.uuid("Unknown subscription").optional(),
      ...extra,
    })
    .refine((p) => ((p as { interface?: string }).interface === undefined) !== ((p as { subscription?: string }).subscription === undefined), {
      message: "Give either interface or subscription",
      path: ["interface"],
    });
}

export type TrafficTarget = { kind: "interface"; name: string } | { kind: "subscriber"; subscriptionId: string; username: string };

/** The interface or the tenant's subscription a traffic route was asked for; a subscription of another router is not found. */
export async function resolveTrafficTarget(
  db: DbOrTx,
  { tenantId, routerId, query }: { tenantId: string; routerId: string; query: { interface?: string; subscription?: string } },
): Promise<TrafficTarget> {
  if (!query.subscription) return { kind: "interface", name: query.interface! };
  const subscription = await loadSubscriptionTraffic(db, { tenantId, subscriptionId: query.subscription });
  if (subscription.routerId !== routerId) throw new AppError("not_found", "This subscription is not served by this router.");
  return { kind: "subscriber", subscriptionId: subscription.id, username: subscription.username };
}

export type HealthSample = { t: string; cpuLoad: number; memoryUsedPercent: number; uptimeSeconds: number };

/** CPU and memory averaged into at most `buckets` time slots over [from, to], for a chart that stays light at 30 days. */
export async function routerHealthSeries(
  db: DbOrTx,
  { tenantId, routerId, from, to, buckets = 120 }: { tenantId: string; routerId: string; from: Date; to: Date; buckets?: number },
): Promise<HealthSample[]> {
  const slotSeconds = Math.max(30, Math.ceil((to.getTime() - from.getTime()) / 1000 / buckets));
  // Inlined (an integer we computed), so SELECT, GROUP BY and ORDER BY carry the identical expression.
  const slot = sql.raw(`to_timestamp(floor(extract(epoch from router_health.at) / ${slotSeconds}) * ${slotSeconds})`) as SQL<string>;
  const rows = await db
    .select({
      t: slot,
      cpuLoad: sql<number>`round(avg(${routerHealth.cpuLoad}))::int`,
      memoryUsedPercent: sql<number>`round(avg(100.0 * (${routerHealth.totalMemory} - ${routerHealth.freeMemory}) / nullif(${routerHealth.totalMemory}, 0)))::int`,
      uptimeSeconds: sql<number>`max(${routerHealth.uptimeSeconds})`,
    })
    .from(routerHealth)
    .where(and(eq(routerHealth.tenantId, tenantId), eq(routerHealth.routerId, routerId), gte(routerHealth.at, from), lte(routerHealth.at, to)))
    .groupBy(slot)
    .orderBy(slot);
  return rows.map((row) => ({
    t: new Date(row.t).toISOString(),
    cpuLoad: Number(row.cpuLoad),
    memoryUsedPercent: Number(row.memoryUsedPercent ?? 0),
    uptimeSeconds: Number(row.uptimeSeconds),
  }));
}

/** The router's latest health sample, or null before the first poll. */
export async function latestRouterHealth(db: DbOrTx, { tenantId, routerId }: { tenantId: string; routerId: string }) {
  const [row] = await db
    .select()
    .from(routerHealth)
    .where(and(eq(routerHealth.tenantId, tenantId), eq(routerHealth.routerId, routerId)))
    .orderBy(desc(routerHealth.at))
    .limit(1);
  return row ?? null;
}

/** Interfaces the poller has seen on this router (static ones; sessions come and go), for when the router can't be asked. */
export async function knownInterfaces(db: DbOrTx, { tenantId, routerId }: { tenantId: string; routerId: string }): Promise<string[]> {
  const rows = await db
    .select({ subject: trafficCounters.subject })
    .from(trafficCounters)
    .innerJoin(routers, eq(routers.id, trafficCounters.routerId))
    .where(and(eq(routers.tenantId, tenantId), eq(trafficCounters.routerId, routerId), eq(trafficCounters.subjectType, "interface")))
    .orderBy(asc(trafficCounters.subject));
  return rows.map((row) => row.subject).filter((name) => !name.startsWith("<"));
}

/**
 * Interfaces of the router with hourly traffic since `since` (static ones; `<pppoe-…>` sessions are subscribers), with
 * those the poller knows now: what history pages can offer even before a fresh process has polled the router.
 */
export async function interfacesWithHistory(
  db: DbOrTx,
  { tenantId, routerId, since }: { tenantId: string; routerId: string; since: Date },
): Promise<string[]> {
  const [current, rows] = await Promise.all([
    knownInterfaces(db, { tenantId, routerId }),
    db
      .selectDistinct({ subject: trafficPoints.subject })
      .from(trafficPoints)
      .where(
        and(
          eq(trafficPoints.tenantId, tenantId),
          eq(trafficPoints.routerId, routerId),
          eq(trafficPoints.subjectType, "interface"),
          eq(trafficPoints.resolution, "1h"),
          gte(trafficPoints.bucket, since),
        ),
      ),
  ]);
  const names = new Set([...current, ...rows.map((row) => row.subject).filter((name) => !name.startsWith("<"))]);
  return [...names].sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
}

/**
 * Subscriptions online at their router's last poll, read from what the poller stored (no router is asked): a
 * PPPoE session's `<pppoe-USER>` interface among the counters that poll read, or traffic charted to the subscription
 * in the last two minutes (hotspot logins). A router that is offline, or not polled within `freshSeconds`, counts
 * none of its subscribers online: nobody knows.
 */
export async function onlineSubscriptionIds(
  db: DbOrTx,
  { tenantId, now, freshSeconds = 180 }: { tenantId: string; now: Date; freshSeconds?: number },
): Promise<Set<string>> {
  const fresh = new Date(now.getTime() - freshSeconds * 1000).toISOString();
  const recentBucket = new Date(now.getTime() - 2 * 60_000).toISOString();
  const result = await db.execute(sql`
    select s.id from ${subscriptions} s
    join ${routers} r on r.id = s.router_id and r.tenant_id = ${tenantId}
    where s.tenant_id = ${tenantId} and s.status <> 'terminated' and r.status <> 'offline' and r.last_seen_at >= ${fresh}::timestamptz
      and (
        exists (select 1 from ${trafficCounters} c where c.router_id = s.router_id and c.subject_type = 'interface'
                and c.subject = '<pppoe-' || s.username || '>' and c.read_at >= r.last_seen_at)
        or exists (select 1 from ${trafficPoints} p where p.router_id = s.router_id and p.subject_type = 'subscription'
                and p.subject = s.id::text and p.resolution = '1m' and p.bucket >= ${recentBucket}::timestamptz)
      )`);
  return new Set(rowsOf<{ id: string }>(result).map((row) => row.id));
}
