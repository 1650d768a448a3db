/*
 * The capacity page's rows: every link end with a capacity and traffic (its interface's weekly 95th against the link's speed),
 * every router (CPU load, headroom at the busiest hour) and every IPv4-sized pool (addresses held against its
 * size), each with its weekly history and a forecast of when it crosses its threshold, soonest first. Links and
 * routers cross at the ISP's capacity threshold (its setting, 50–100 % of capacity, 80 % unless changed), a pool when
 * it is full.
 */
import "server-only";
import type { DbOrTx } from "@/lib/db/types";
import { todayIn } from "@/lib/core/calendar";
import { zonedInstant } from "@/lib/core/time-zones";
import { ipamTree } from "@/lib/ipam/queries";
import { poolHeldByWeek } from "@/lib/ipam/pool-history";
import { listRouters } from "@/lib/routers/service";
import { tenantLinkCapacities } from "@/lib/topology/capacities";
import { capacityThresholdOf } from "@/lib/tenants/queries";
import { forecastCrossing, urgencyOf, type Crossing, type Forecast } from "./forecast";
import { interfaceWeeklyRates, routerWeeklyCpu } from "./series";

/** Weeks of history read: the hourly rollups' 90 days. */
export const HISTORY_WEEKS = 12;

const WEEK_MS = 7 * 86_400_000;

export type CapacityKind = "link" | "router" | "pool";

export type CapacityRow = {
  key: string;
  kind: CapacityKind;
  name: string;
  /** What the share is of: "1,000 Mbps link", "CPU", "254 addresses". */
  capacityLabel: string;
  /** Shares of capacity, oldest week first; `peak` is the busiest hour's share (links, routers). */
  history: { weekEnd: Date; share: number; peak: number | null }[];
  threshold: number;
  forecast: Forecast;
  /** The last week's end, where the forecast starts. */
  lastWeekEnd: Date | null;
  crossing: Crossing;
  crossingAt: Date | null;
  earliestAt: Date | null;
  latestAt: Date | null;
};

const after = (start: Date, weeks: number | null | undefined) =>
  weeks === null || weeks === undefined ? null : new Date(start.getTime() + weeks * WEEK_MS);

function rowOf(base: Omit<CapacityRow, "forecast" | "lastWeekEnd" | "crossing" | "crossingAt" | "earliestAt" | "latestAt">): CapacityRow {
  const forecast = forecastCrossing(
    base.history.map((h) => h.share),
    { threshold: base.threshold },
  );
  const lastWeekEnd = base.history.at(-1)?.weekEnd ?? null;
  const crossing = forecast.crossing;
  const start = lastWeekEnd ?? new Date(0);
  return {
    ...base,
    forecast,
    lastWeekEnd,
    crossing,
    crossingAt: crossing.kind === "ahead" ? after(start, crossing.weeks) : crossing.kind === "now" ? lastWeekEnd : null,
    earliestAt: crossing.kind === "ahead" || crossing.kind === "possible" ? after(start, crossing.earliestWeeks) : null,
    latestAt: crossing.kind === "ahead" ? after(start, crossing.latestWeeks) : null,
  };
}

/** Every link, router and pool of the ISP with its forecast, soonest saturation first. */
export async function capacityOverview(
  db: DbOrTx,
  { tenantId, timeZone, now }: { tenantId: string; timeZone: string; now: Date },
): Promise<{ rows: CapacityRow[]; end: Date; threshold: number }> {
  // Weeks end at the ISP's last midnight, so a week is seven whole local days.
  const end = new Date(zonedInstant(todayIn(timeZone, now), 0, timeZone));
  // One after another: a tenant-bound handle may be a transaction's single connection.
  // Links and routers' CPU are planned to the ISP's threshold: above it, the busy hours queue and drop.
  const threshold = await capacityThresholdOf(db, { tenantId });
  const capacities = await tenantLinkCapacities(db, { tenantId });
  const rates = await interfaceWeeklyRates(db, { tenantId, end, weeks: HISTORY_WEEKS });
  const cpu = await routerWeeklyCpu(db, { tenantId, end, weeks: HISTORY_WEEKS });
  const routers = await listRouters(db, { tenantId });
  const tree = await ipamTree(db, { tenantId, at: now });
  const held = await poolHeldByWeek(db, { tenantId, end, weeks: HISTORY_WEEKS });
  const routerName = new Map(routers.map((r) => [r.id, r.name]));

  const rows: CapacityRow[] = [];
  for (const [routerId, ports] of capacities) {
    for (const [interfaceName, mbps] of ports) {
      const series = rates.get(`${routerId}/${interfaceName}`) ?? [];
      // A link is listed once per end with traffic: an end on an unpolled router (or a port never seen) says nothing.
      if (series.length === 0) continue;
      const capacityBps = mbps * 1e6;
      rows.push(
        rowOf({
          key: `link:${routerId}/${interfaceName}`,
          kind: "link",
          name: `${interfaceName} on ${routerName.get(routerId) ?? "a removed router"}`,
          capacityLabel: `${mbps.toLocaleString("en")} Mbps link`,
          history: series.map((w) => ({ weekEnd: w.weekEnd, share: w.p95 / capacityBps, peak: w.peak / capacityBps })),
          threshold,
        }),
      );
    }
  }
  for (const router of routers) {
    const series = cpu.get(router.id) ?? [];
    rows.push(
      rowOf({
        key: `router:${router.id}`,
        kind: "router",
        name: router.name,
        capacityLabel: "CPU",
        history: series.map((w) => ({ weekEnd: w.weekEnd, share: w.p95 / 100, peak: w.peak / 100 })),
        threshold,
      }),
    );
  }
  const heldByPool = new Map<string, { weekEnd: Date; held: number }[]>();
  for (const week of held) heldByPool.set(week.poolId, [...(heldByPool.get(week.poolId) ?? []), week]);
  for (const prefix of tree) {
    for (const pool of prefix.pools) {
      // IPv6 pools do not run out in any plan's lifetime; a pool without addresses has nothing to forecast.
      if (pool.size === 0n || pool.size > 1_000_000n) continue;
      const size = Number(pool.size);
      rows.push(
        rowOf({
          key: `pool:${pool.id}`,
          kind: "pool",
          name: `${pool.name} (${pool.range})`,
          capacityLabel: `${size.toLocaleString("en")} addresses`,
          history: (heldByPool.get(pool.id) ?? []).map((w) => ({ weekEnd: w.weekEnd, share: w.held / size, peak: null })),
          threshold: 1,
        }),
      );
    }
  }
  rows.sort((a, b) => urgencyOf(a.crossing) - urgencyOf(b.crossing) || a.name.localeCompare(b.name));
  return { rows, end, threshold };
}
