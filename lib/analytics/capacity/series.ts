/*
 * Weekly series for the capacity forecast, one statement each. Links: the weekly 95th percentile and the peak hour
 * of an interface's hourly average rate (the busier direction each hour), from the hourly rollups: they are kept
 * 90 days, twelve whole weeks, where the 5-minute samples of the billing 95th (35 days) give only five. Routers: the
 * weekly 95th percentile of hourly average CPU load and its busiest hour, from router_health (kept 30 days). Weeks end at `end`
 * and step back seven days at a time; a week with less than half its hours recorded is left out, so a port that
 * appeared mid-week does not start its series low.
 */
import "server-only";
import { sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { rowsOf } from "@/lib/db/bulk";
import { withHeavyReadSettings } from "@/lib/monitoring/heavy-reads";

const WEEK_MS = 7 * 86_400_000;
/** Hours of a week that must be present for it to count. */
const MIN_HOURS = 84;

export type WeeklyValue = { weekEnd: Date; p95: number; peak: number };

const weekEndOf = (end: Date, ago: number) => new Date(end.getTime() - ago * WEEK_MS);

function group<T extends { ago: number }>(rows: T[], keyOf: (row: T) => string, end: Date, pick: (row: T) => { p95: number; peak: number }) {
  const series = new Map<string, WeeklyValue[]>();
  for (const row of rows) {
    const list = series.get(keyOf(row)) ?? [];
    list.push({ weekEnd: weekEndOf(end, Number(row.ago)), ...pick(row) });
    series.set(keyOf(row), list);
  }
  for (const list of series.values()) list.sort((a, b) => a.weekEnd.getTime() - b.weekEnd.getTime());
  return series;
}

/** `routerId/interface` → weekly 95th and peak hour in bits per second, oldest week first. */
export async function interfaceWeeklyRates(
  db: DbOrTx,
  { tenantId, end, weeks }: { tenantId: string; end: Date; weeks: number },
): Promise<Map<string, WeeklyValue[]>> {
  const from = new Date(end.getTime() - weeks * WEEK_MS);
  const result = await withHeavyReadSettings(db, (tx) =>
    tx.execute(sql`
      select p.router_id, p.subject,
        floor(extract(epoch from (${end.toISOString()}::timestamptz - p.bucket - interval '1 microsecond')) / 604800)::int as ago,
        count(*)::int as hours,
        percentile_disc(0.95) within group (order by greatest(p.rx_bytes, p.tx_bytes)) as p95,
        max(greatest(p.rx_bytes, p.tx_bytes)) as peak
      from traffic_points p
      where p.tenant_id = ${tenantId} and p.resolution = '1h' and p.subject_type = 'interface'
        and p.bucket >= ${from.toISOString()}::timestamptz and p.bucket < ${end.toISOString()}::timestamptz
      group by p.router_id, p.subject, 3
      having count(*) >= ${MIN_HOURS}`),
  );
  type Row = { router_id: string; subject: string; ago: number; p95: string | number; peak: string | number };
  const bps = (bytes: string | number) => (Number(bytes) * 8) / 3600;
  return group(
    rowsOf<Row>(result),
    (row) => `${row.router_id}/${row.subject}`,
    end,
    (row) => ({ p95: bps(row.p95), peak: bps(row.peak) }),
  );
}

/** Router id → weekly 95th percentile of hourly average CPU load and its busiest hour, in percent, oldest week first. */
export async function routerWeeklyCpu(
  db: DbOrTx,
  { tenantId, end, weeks }: { tenantId: string; end: Date; weeks: number },
): Promise<Map<string, WeeklyValue[]>> {
  const from = new Date(end.getTime() - weeks * WEEK_MS);
  const result = await withHeavyReadSettings(db, (tx) =>
    tx.execute(sql`
      with hourly as (
        select h.router_id, date_trunc('hour', h.at, 'UTC') as hour, avg(h.cpu_load) as cpu
        from router_health h
        where h.tenant_id = ${tenantId} and h.at >= ${from.toISOString()}::timestamptz and h.at < ${end.toISOString()}::timestamptz
        group by h.router_id, 2
      )
      select router_id,
        floor(extract(epoch from (${end.toISOString()}::timestamptz - hour - interval '1 microsecond')) / 604800)::int as ago,
        percentile_disc(0.95) within group (order by cpu) as p95, max(cpu) as peak
      from hourly
      group by router_id, 2
      having count(*) >= ${MIN_HOURS}`),
  );
  type Row = { router_id: string; ago: number; p95: string | number; peak: string | number };
  return group(
    rowsOf<Row>(result),
    (row) => row.router_id,
    end,
    (row) => ({ p95: Number(row.p95), peak: Number(row.peak) }),
  );
}
