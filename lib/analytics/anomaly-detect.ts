/*
 * The `anomaly-detect` job's work for one ISP: for each metric, read the newest final rollup points of every series
 * (one statement), make sure each has a baseline under a day old (rebuilt in SQL from four weeks of its points, at
 * most `rebuildsPerRun` series of each metric a run, oldest first), judge them, and open, extend or close anomalies. Idempotent: a run repeated
 * over the same points finds the same anomalies (same start) and updates them in place. Then the open anomalies go
 * to the alerts room, which fires the ISP's anomaly rules, if it has any.
 */
import "server-only";
import { and, eq, gte, inArray, or, sql } from "drizzle-orm";
import type { Db } from "@/lib/db/types";
import { arrayLiteral, rowsOf } from "@/lib/db/bulk";
import { evaluateAnomalyRules } from "@/lib/alerts/anomaly-rules";
import { BASELINE_WEEKS, baselineFromSlots, HOUR_MS, hourOfWeek, WEEK_SLOTS, type Baseline, type SlotStats } from "./anomaly/baseline";
import { detectAnomalies, END_AFTER_SAMPLES, kindOf, type DetectedAnomaly, type Point } from "./anomaly/detector";
import { readSeriesPoints, readSlotStats, seriesSources, type SeriesSource } from "./anomaly-series";
import { dropRouterWideDisconnects } from "./anomaly/router-wide";
import { analyticsAnomalies, analyticsAnomalyBaselines, analyticsAnomalyTuning, type AnalyticsAnomaly } from "./schema";

/** The rollup sums a bucket every 5 minutes: a bucket is final this long after its end. */
const SETTLE_MS = 5 * 60_000;
export const BASELINE_MAX_AGE_MS = 24 * 3_600_000;
const WEEK_MS = 7 * 24 * 3_600_000;

const seriesKey = (routerId: string, objectId: string) => `${routerId}\u0000${objectId}`;

export type DetectionSummary = { series: number; opened: number; updated: number; closed: number; baselines: number };

/** The hour-of-week slots an expectation inside [from, to] may read: its hours and their neighbours (interpolation). */
function windowSlots(from: Date, to: Date): number[] {
  const slots = new Set<number>();
  for (let t = Math.floor(from.getTime() / HOUR_MS) * HOUR_MS - HOUR_MS; t <= to.getTime() + HOUR_MS; t += HOUR_MS) slots.add(hourOfWeek(t));
  return [...slots];
}

/** A stored finished baseline of which only `slots` were read (the rest unknown; -1 stored = nothing known). */
function partialBaseline(slots: number[], medians: number[], mads: number[]): Baseline {
  const baseline: Baseline = {
    median: new Float64Array(WEEK_SLOTS).fill(Number.NaN),
    mad: new Float64Array(WEEK_SLOTS).fill(Number.NaN),
    source: new Array<Baseline["source"][number]>(WEEK_SLOTS).fill("none"),
  };
  slots.forEach((slot, i) => {
    const m = Number(medians[i]);
    if (!(m >= 0)) return;
    baseline.median[slot] = m;
    baseline.mad[slot] = Number(mads[i]);
    baseline.source[slot] = "slot";
  });
  return baseline;
}

/**
 * The stored baselines of `keys`, as far as the window [from, to] needs them: of a finished baseline only the window's
 * slots (a dozen numbers for a subscriber's nine hours rather than three arrays of 168: for 100,000 subscribers 3 s
 * instead of 18), of a row built before finished baselines were stored its whole slot statistics.
 */
async function loadBaselines(db: Db, tenantId: string, source: SeriesSource, keys: { routerId: string; objectId: string }[], from: Date, to: Date) {
  if (keys.length === 0) return new Map<string, { baseline: Baseline; computedAt: Date }>();
  const slots = windowSlots(from, to);
  const wanted = arrayLiteral(slots.map((slot) => String(slot + 1)));
  const rows = rowsOf<{
    router_id: string;
    object_id: string;
    em: number[] | null;
    ed: number[] | null;
    medians: number[] | null;
    mads: number[] | null;
    counts: number[] | null;
    computed_at: Date | string;
  }>(
    await db.execute(sql`
      select b.router_id, b.object_id, b.computed_at,
             case when b.expected_medians is not null then array(select b.expected_medians[w.i] from unnest(${wanted}::int[]) with ordinality as w(i, n) order by w.n) end as em,
             case when b.expected_medians is not null then array(select b.expected_mads[w.i] from unnest(${wanted}::int[]) with ordinality as w(i, n) order by w.n) end as ed,
             case when b.expected_medians is null then b.medians end as medians,
             case when b.expected_medians is null then b.mads end as mads,
             case when b.expected_medians is null then b.counts end as counts
      from analytics_anomaly_baselines b
      join unnest(${arrayLiteral(keys.map((k) => k.routerId))}::text::uuid[], ${arrayLiteral(keys.map((k) => k.objectId))}::text::text[]) as k(router_id, object_id)
        on k.router_id = b.router_id and k.object_id = b.object_id
      where b.tenant_id = ${tenantId} and b.object_kind = ${source.objectKind} and b.metric = ${source.metric}`),
  );
  return new Map(
    rows.map((row) => [
      seriesKey(row.router_id, row.object_id),
      {
        baseline:
          row.em && row.ed
            ? partialBaseline(slots, row.em, row.ed)
            : baselineFromSlots(storedSlots({ medians: row.medians!.map(Number), mads: row.mads!.map(Number), counts: row.counts!.map(Number) })),
        computedAt: new Date(row.computed_at),
      },
    ]),
  );
}

/** Rebuilds the baselines of `keys` from the weeks before `until`, and stores them. */
async function rebuildBaselines(
  db: Db,
  tenantId: string,
  source: SeriesSource,
  keys: { routerId: string; objectId: string }[],
  until: Date,
  now: Date,
) {
  if (keys.length === 0) return new Map<string, Baseline>();
  // Its medians sort a few hundred thousand samples twice: in memory, not in temporary files (the default 4 MB).
  const slotRows = await db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('work_mem', '64MB', true)`);
    // The median and the spread join the samples to their slot's median: a hash join. Where the rollups have no
    // statistics (the embedded database never analyses), the planner chose a nested loop over hundreds of thousands
    // of samples, and the first hourly run of the demo held the embedded database for minutes. (The per-key lateral
    // reads stay nested loops: they have no other plan.)
    await tx.execute(sql`select set_config('enable_nestloop', 'off', true)`);
    return readSlotStats(tx, source, tenantId, keys, new Date(until.getTime() - BASELINE_WEEKS * WEEK_MS), until);
  });
  const stats = new Map<string, SlotStats>();
  for (const key of keys) {
    stats.set(seriesKey(key.routerId, key.objectId), {
      medians: new Array<number>(WEEK_SLOTS).fill(Number.NaN),
      mads: new Array<number>(WEEK_SLOTS).fill(Number.NaN),
      counts: new Array<number>(WEEK_SLOTS).fill(0),
    });
  }
  for (const row of slotRows) {
    const s = stats.get(seriesKey(row.routerId, row.objectId));
    if (!s) continue;
    s.medians[row.slot] = row.median;
    s.mads[row.slot] = row.mad;
    s.counts[row.slot] = row.count;
  }
  const finished = new Map<string, Baseline>();
  const values = keys.map((key) => {
    const s = stats.get(seriesKey(key.routerId, key.objectId))!;
    const baseline = baselineFromSlots(s);
    finished.set(seriesKey(key.routerId, key.objectId), baseline);
    // NaN is no JSON and no SQL literal: an empty slot is stored as 0 with a count of 0, which marks it empty, and a
    // finished slot nothing is known of as -1 (no metric is negative).
    const known = (values: Float64Array) => Array.from(values, (v, slot) => (Number.isFinite(baseline.median[slot]) && Number.isFinite(v) ? v : -1));
    return {
      expectedMedians: known(baseline.median),
      expectedMads: known(baseline.mad),
      tenantId,
      routerId: key.routerId,
      objectKind: source.objectKind,
      objectId: key.objectId,
      metric: source.metric,
      medians: s.medians.map((m) => (Number.isFinite(m) ? m : 0)),
      mads: s.mads.map((m) => (Number.isFinite(m) ? m : 0)),
      counts: s.counts,
      computedAt: now,
    };
  });
  for (let i = 0; i < values.length; i += 500) {
    await db
      .insert(analyticsAnomalyBaselines)
      .values(values.slice(i, i + 500))
      .onConflictDoUpdate({
        target: [
          analyticsAnomalyBaselines.routerId,
          analyticsAnomalyBaselines.objectKind,
          analyticsAnomalyBaselines.objectId,
          analyticsAnomalyBaselines.metric,
        ],
        set: {
          medians: sql`excluded.medians`,
          mads: sql`excluded.mads`,
          counts: sql`excluded.counts`,
          expectedMedians: sql`excluded.expected_medians`,
          expectedMads: sql`excluded.expected_mads`,
          computedAt: sql`excluded.computed_at`,
        },
      });
  }
  return finished;
}

/** Empty slots (count 0) are NaN again for the baseline. */
const storedSlots = (s: SlotStats): SlotStats => ({
  ...s,
  medians: s.medians.map((m, i) => (s.counts[i] > 0 ? m : Number.NaN)),
  mads: s.mads.map((m, i) => (s.counts[i] > 0 ? m : Number.NaN)),
});

/** How often the job runs: an hourly series is judged on the run just after its newest hour became final. */
export const DETECT_EVERY_MS = 5 * 60_000;

async function detectSource(db: Db, tenantId: string, source: SeriesSource, now: Date, sensitivity: Map<string, number>): Promise<DetectionSummary> {
  const none: DetectionSummary = { series: 0, opened: 0, updated: 0, closed: 0, baselines: 0 };
  const to = new Date(Math.floor((now.getTime() - SETTLE_MS) / source.stepMs) * source.stepMs);
  const from = new Date(to.getTime() - source.lookbackSamples * source.stepMs);
  // 100,000 subscribers' baselines are not read twelve times an hour for one new point; a missed run is caught up
  // by the next hour's, which looks back over nine hours. The runs between rebuild the oldest stored baselines, so
  // the day's rebuilds are spread over every run rather than crowding the hourly one.
  if (source.stepMs > DETECT_EVERY_MS && (now.getTime() - SETTLE_MS) % source.stepMs >= DETECT_EVERY_MS) {
    const due = rowsOf<{ router_id: string; object_id: string }>(
      await db.execute(sql`
        select router_id, object_id from analytics_anomaly_baselines
        where tenant_id = ${tenantId} and object_kind = ${source.objectKind} and metric = ${source.metric}
          and computed_at <= ${new Date(now.getTime() - BASELINE_MAX_AGE_MS).toISOString()}::timestamptz
        order by computed_at limit ${source.rebuildsPerRun}`),
    ).map((row) => ({ routerId: row.router_id, objectId: row.object_id }));
    await rebuildBaselines(db, tenantId, source, due, from, now);
    return { ...none, baselines: due.length };
  }
  const points = await readSeriesPoints(db, source, tenantId, from, to);
  const bySeries = new Map<string, { routerId: string; objectId: string; points: Point[] }>();
  for (const p of points) {
    const key = seriesKey(p.routerId, p.objectId);
    let entry = bySeries.get(key);
    if (!entry) bySeries.set(key, (entry = { routerId: p.routerId, objectId: p.objectId, points: [] }));
    entry.points.push({ t: p.t, v: p.v });
  }
  const keys = [...bySeries.values()].map(({ routerId, objectId }) => ({ routerId, objectId }));
  const baselines = await loadBaselines(db, tenantId, source, keys, from, to);
  const stale = keys
    .filter((k) => {
      const b = baselines.get(seriesKey(k.routerId, k.objectId));
      return !b || now.getTime() - b.computedAt.getTime() >= BASELINE_MAX_AGE_MS;
    })
    .sort(
      (a, b) =>
        (baselines.get(seriesKey(a.routerId, a.objectId))?.computedAt.getTime() ?? 0) -
        (baselines.get(seriesKey(b.routerId, b.objectId))?.computedAt.getTime() ?? 0),
    )
    .slice(0, source.rebuildsPerRun);
  // Built from the weeks before the points judged, so an anomaly under way does not become its own baseline.
  const rebuilt = await rebuildBaselines(db, tenantId, source, stale, from, now);

  const margin = END_AFTER_SAMPLES * source.stepMs;
  const recent = await db
    .select()
    .from(analyticsAnomalies)
    .where(
      and(
        eq(analyticsAnomalies.tenantId, tenantId),
        eq(analyticsAnomalies.objectKind, source.objectKind),
        eq(analyticsAnomalies.metric, source.metric),
        or(eq(analyticsAnomalies.status, "open"), gte(analyticsAnomalies.endedAt, new Date(from.getTime() - margin))),
      ),
    );
  const recentBySeries = new Map<string, AnalyticsAnomaly[]>();
  for (const a of recent)
    recentBySeries.set(seriesKey(a.routerId, a.objectId), [...(recentBySeries.get(seriesKey(a.routerId, a.objectId)) ?? []), a]);

  const summary: DetectionSummary = { series: bySeries.size, opened: 0, updated: 0, closed: 0, baselines: stale.length };
  const judged = new Map<string, { routerId: string; found: DetectedAnomaly[] }>();
  for (const [key, series] of bySeries) {
    const baseline = rebuilt.get(key) ?? baselines.get(key)?.baseline;
    if (!baseline) continue;
    const found = detectAnomalies(series.points, baseline, {
      stepMs: source.stepMs,
      ...source.options,
      sensitivity: sensitivity.get(`${source.objectKind}\u0000${key}`) ?? 1,
    });
    judged.set(key, { routerId: series.routerId, found });
  }
  // A router rebooting over and over makes every subscriber on it reconnect: the router's fault, reported once by its
  // own series and rules, not an anomaly per subscriber.
  if (source.metric === "disconnects") dropRouterWideDisconnects(judged.values(), source.stepMs);
  const touched = new Set<string>();
  await db.transaction(async (tx) => {
    for (const [key, series] of bySeries) {
      const verdict = judged.get(key);
      if (!verdict) continue;
      const found = verdict.found;
      const known = recentBySeries.get(key) ?? [];
      for (const d of found) {
        const same = known.find(
          (a) => a.direction === d.direction && d.start <= a.endedAt.getTime() + margin && d.end + margin >= a.startedAt.getTime(),
        );
        const status = d.open ? ("open" as const) : ("closed" as const);
        if (same) {
          touched.add(same.id);
          const startedAt = Math.min(same.startedAt.getTime(), d.start);
          const endedAt = Math.max(same.endedAt.getTime(), d.end);
          const samples = Math.round((endedAt - startedAt) / source.stepMs) + 1;
          await tx
            .update(analyticsAnomalies)
            .set({
              endedAt: new Date(endedAt),
              kind: kindOf(d.direction, d.expected, d.actual, samples, endedAt - startedAt + source.stepMs),
              severity: Math.max(same.severity, d.severity),
              expected: d.expected,
              actual: d.actual,
              status,
              updatedAt: now,
            })
            .where(and(eq(analyticsAnomalies.tenantId, tenantId), eq(analyticsAnomalies.id, same.id)));
          summary.updated += 1;
          continue;
        }
        const [row] = await tx
          .insert(analyticsAnomalies)
          .values({
            tenantId,
            routerId: series.routerId,
            objectKind: source.objectKind,
            objectId: series.objectId,
            metric: source.metric,
            ...anomalyValues(d),
            status,
            createdAt: now,
            updatedAt: now,
          })
          .onConflictDoNothing()
          .returning({ id: analyticsAnomalies.id });
        if (row) {
          touched.add(row.id);
          summary.opened += 1;
        }
      }
      // Open ones the points have moved past without finding them again are over.
      const last = series.points[series.points.length - 1].t;
      for (const a of known) {
        if (a.status !== "open" || touched.has(a.id) || a.endedAt.getTime() + margin > last) continue;
        await tx
          .update(analyticsAnomalies)
          .set({ status: "closed", updatedAt: now })
          .where(and(eq(analyticsAnomalies.tenantId, tenantId), eq(analyticsAnomalies.id, a.id)));
        touched.add(a.id);
        summary.closed += 1;
      }
    }
    // Series that stopped reporting (a router gone quiet) close their open anomalies once the window has passed them.
    const quiet = recent.filter(
      (a) => a.status === "open" && !touched.has(a.id) && !bySeries.has(seriesKey(a.routerId, a.objectId)) && a.endedAt < from,
    );
    if (quiet.length > 0) {
      await tx
        .update(analyticsAnomalies)
        .set({ status: "closed", updatedAt: now })
        .where(
          and(
            eq(analyticsAnomalies.tenantId, tenantId),
            inArray(
              analyticsAnomalies.id,
              quiet.map((a) => a.id),
            ),
          ),
        );
      summary.closed += quiet.length;
    }
  });
  return summary;
}

const anomalyValues = (d: DetectedAnomaly) => ({
  kind: d.kind,
  direction: d.direction,
  startedAt: new Date(d.start),
  endedAt: new Date(d.end),
  severity: d.severity,
  expected: d.expected,
  actual: d.actual,
});

/** One ISP's run over every metric; then its anomaly rules. `alertsDb` is the owner's handle the alerts engine takes. */
export async function detectTenantAnomalies(db: Db, alertsDb: Db, tenantId: string, now: Date): Promise<DetectionSummary> {
  const tuning = await db.select().from(analyticsAnomalyTuning).where(eq(analyticsAnomalyTuning.tenantId, tenantId));
  const sensitivity = new Map(tuning.map((t) => [`${t.objectKind}\u0000${seriesKey(t.routerId, t.objectId)}`, t.sensitivity]));
  const total: DetectionSummary = { series: 0, opened: 0, updated: 0, closed: 0, baselines: 0 };
  for (const source of seriesSources) {
    const s = await detectSource(db, tenantId, source, now, sensitivity);
    for (const key of Object.keys(total) as (keyof DetectionSummary)[]) total[key] += s[key];
  }
  const open = await db
    .select()
    .from(analyticsAnomalies)
    .where(and(eq(analyticsAnomalies.tenantId, tenantId), eq(analyticsAnomalies.status, "open")));
  await evaluateAnomalyRules(alertsDb, {
    tenantId,
    now,
    open: open.map((a) => ({
      routerId: a.routerId,
      objectKind: a.objectKind,
      objectId: a.objectId,
      metric: a.metric,
      kind: a.kind,
      direction: a.direction,
      severity: a.severity,
    })),
  });
  return total;
}
