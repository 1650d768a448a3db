/*
 * Who is behind a router or a site, and who was online: read from what the poller stored (no router is asked),
 * for incident impact. `online` is "had a PPPoE session at the router's last good poll"; `onlineNow` also needs the
 * router to be up now. One statement for any number of routers: 10,000 subscribers in well under 200 ms.
 */
import "server-only";
import { sql, type SQL } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";

export type SubscriberBehind = {
  subscriptionId: string;
  customerId: string;
  username: string;
  routerId: string;
  routerName: string;
  /** The plan, whose name is the PPP profile's on the router. */
  planName: string;
  /** A session at the router's last good poll. */
  onlineAtLastPoll: boolean;
  /** ...and the router answers now (not offline). */
  onlineNow: boolean;
};

/** Whose subscribers: these routers (only subscriptions to these plans, when given), or every router of a site. */
export type ImpactScope = { tenantId: string; routerIds?: string[]; siteId?: string | null; planIds?: string[] };

type Row = { id: string; customer_id: string; username: string; router_id: string; router_name: string; plan_name: string; online: boolean; router_up: boolean };

const isEmpty = ({ routerIds, siteId }: ImpactScope) => !siteId && (!routerIds || routerIds.length === 0);

/** The ISP's active subscriptions on the scope's routers, each with its router's state and whether it was online. */
const uuids = (ids: string[]) => sql`(select unnest(${`{${ids.join(",")}}`}::uuid[]))`;

function behind({ tenantId, routerIds, siteId, planIds }: ImpactScope): SQL {
  const where = siteId ? sql`r.site_id = ${siteId}` : sql`s.router_id in ${uuids(routerIds ?? [])}`;
  const plans = planIds ? sql` and s.plan_id in ${uuids(planIds)}` : sql``;
  return sql`
    select s.id, s.customer_id, s.username, s.router_id, r.name as router_name, p.name as plan_name, r.status <> 'offline' as router_up,
      exists (select 1 from traffic_counters c where c.router_id = s.router_id and c.subject_type = 'interface'
              and c.subject = '<pppoe-' || s.username || '>' and c.read_at >= r.last_seen_at) as online
    from subscriptions s
    join routers r on r.id = s.router_id and r.tenant_id = ${tenantId}
    join service_plans p on p.id = s.plan_id
    where s.tenant_id = ${tenantId} and s.status = 'active' and ${where}${plans}`;
}

export async function subscribersBehind(db: DbOrTx, scope: ImpactScope & { limit?: number }): Promise<SubscriberBehind[]> {
  if (isEmpty(scope)) return [];
  const result = await db.execute(sql`${behind(scope)} order by s.username ${scope.limit ? sql`limit ${scope.limit}` : sql``}`);
  return (result as unknown as { rows: Row[] }).rows.map((row) => ({
    subscriptionId: row.id,
    customerId: row.customer_id,
    username: row.username,
    routerId: row.router_id,
    routerName: row.router_name,
    planName: row.plan_name,
    onlineAtLastPoll: row.online,
    onlineNow: row.online && row.router_up,
  }));
}

/** Counts only, for lists and the dashboard. */
export async function impactCounts(db: DbOrTx, scope: ImpactScope): Promise<{ subscribers: number; onlineAtLastPoll: number; onlineNow: number }> {
  if (isEmpty(scope)) return { subscribers: 0, onlineAtLastPoll: 0, onlineNow: 0 };
  const result = await db.execute(sql`
    select count(*)::int as subscribers,
      count(*) filter (where online)::int as online_last,
      count(*) filter (where online and router_up)::int as online_now
    from (${behind(scope)}) behind`);
  const [row] = (result as unknown as { rows: { subscribers: number; online_last: number; online_now: number }[] }).rows;
  return { subscribers: row?.subscribers ?? 0, onlineAtLastPoll: row?.online_last ?? 0, onlineNow: row?.online_now ?? 0 };
}

export type SiteSessions = { siteId: string; siteName: string; routers: { routerId: string; sessions: number; peak: number }[] };

/**
 * PPPoE sessions per site, for the site-wide mass-disconnect rule: each router of a site that answers, with its
 * sessions at its latest poll (no older than `freshSeconds`) and the most it had since `windowStart`. Routers that
 * are offline or whose last reading is stale are left out. One statement for all of the ISP's sites.
 */
export async function siteSessions(
  db: DbOrTx,
  { tenantId, siteId, windowStart, freshSince }: { tenantId: string; siteId?: string | null; windowStart: Date; freshSince: Date },
): Promise<SiteSessions[]> {
  const result = await db.execute(sql`
    select r.site_id, st.name as site_name, r.id as router_id, latest.pppoe_sessions as sessions,
      (select max(h.pppoe_sessions) from router_health h where h.router_id = r.id and h.at >= ${windowStart.toISOString()}::timestamptz) as peak
    from routers r
    join sites st on st.id = r.site_id and st.tenant_id = ${tenantId}
    join lateral (
      select h.pppoe_sessions from router_health h
      where h.router_id = r.id and h.at >= ${freshSince.toISOString()}::timestamptz
      order by h.at desc limit 1
    ) latest on latest.pppoe_sessions is not null
    where r.tenant_id = ${tenantId} and r.status <> 'offline' ${siteId ? sql`and r.site_id = ${siteId}` : sql``}
    order by r.site_id, r.id`);
  const rows = (result as unknown as { rows: { site_id: string; site_name: string; router_id: string; sessions: number; peak: number | null }[] }).rows;
  const bySite = new Map<string, SiteSessions>();
  for (const row of rows) {
    let site = bySite.get(row.site_id);
    if (!site) bySite.set(row.site_id, (site = { siteId: row.site_id, siteName: row.site_name, routers: [] }));
    site.routers.push({ routerId: row.router_id, sessions: Number(row.sessions), peak: Number(row.peak ?? row.sessions) });
  }
  return [...bySite.values()];
}

export type ImpactGroup = { name: string; subscribers: number; onlineAtLastPoll: number; onlineNow: number };

/** The subscribers behind an incident counted by router or by plan (PPP profile), most subscribers first. Pure. */
export function impactBy(rows: readonly SubscriberBehind[], key: "routerName" | "planName"): ImpactGroup[] {
  const groups = new Map<string, ImpactGroup>();
  for (const row of rows) {
    const group = groups.get(row[key]) ?? { name: row[key], subscribers: 0, onlineAtLastPoll: 0, onlineNow: 0 };
    group.subscribers += 1;
    if (row.onlineAtLastPoll) group.onlineAtLastPoll += 1;
    if (row.onlineNow) group.onlineNow += 1;
    groups.set(row[key], group);
  }
  return [...groups.values()].sort((a, b) => b.subscribers - a.subscribers || a.name.localeCompare(b.name));
}
