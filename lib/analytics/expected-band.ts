/*
 * The expected level of one interface's traffic, per direction, for its throughput chart: the hour-of-week baseline
 * (median and MAD of the four weeks before the range, by the detector's own slot statistics and fallbacks) turned
 * into a band per chart bucket. The detector judges both directions together; the chart draws them apart, so each
 * direction gets its own baseline here, read from the interface's 5-minute rows (two statements on its key).
 */
import "server-only";
import type { DbOrTx } from "@/lib/db/types";
import { BASELINE_WEEKS, baselineFromSlots, WEEK_SLOTS, type SlotStats } from "./anomaly/baseline";
import { expectedBand, type BandPoint } from "./anomaly/band";
import { interfaceDirectionSource, readSlotStats } from "./anomaly-series";

const WEEK_MS = 7 * 24 * 3_600_000;

export type InterfaceExpectedBands = { tx: BandPoint[]; rx: BandPoint[] };

export async function interfaceExpectedBands(
  db: DbOrTx,
  {
    tenantId,
    routerId,
    interfaceName,
    from,
    bucketStarts,
    bucketMs,
  }: { tenantId: string; routerId: string; interfaceName: string; from: Date; bucketStarts: number[]; bucketMs: number },
): Promise<InterfaceExpectedBands> {
  // The weeks before the range, as the detector builds from the weeks before the points it judges: an anomaly in
  // the range does not move its own expectation.
  const historyFrom = new Date(from.getTime() - BASELINE_WEEKS * WEEK_MS);
  const bandOf = async (direction: "tx" | "rx") => {
    const source = interfaceDirectionSource(direction, routerId, interfaceName);
    const rows = await readSlotStats(db, source, tenantId, [{ routerId, objectId: interfaceName }], historyFrom, from);
    const stats: SlotStats = {
      medians: new Array<number>(WEEK_SLOTS).fill(Number.NaN),
      mads: new Array<number>(WEEK_SLOTS).fill(Number.NaN),
      counts: new Array<number>(WEEK_SLOTS).fill(0),
    };
    for (const row of rows) {
      stats.medians[row.slot] = row.median;
      stats.mads[row.slot] = row.mad;
      stats.counts[row.slot] = row.count;
    }
    return expectedBand(baselineFromSlots(stats), bucketStarts, { bucketMs, stepMs: source.stepMs, absoluteFloor: source.options.absoluteFloor });
  };
  const [tx, rx] = await Promise.all([bandOf("tx"), bandOf("rx")]);
  return { tx, rx };
}
