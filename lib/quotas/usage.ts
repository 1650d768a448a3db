/*
 * Counting: the poller's 1-minute subscriber points, added into each subscription's cycle row. A per-ISP watermark
 * says how far the minutes have been counted; each run adds the minutes after it up to a short lag (a poll lands in
 * its minute's bucket a little after the minute starts), under a row lock, so two runs at once never count a minute
 * twice. A run that spans a local midnight is split there, so every minute lands in the cycle of its own day.
 */
import { sql } from "drizzle-orm";
import { localDate, zonedInstant } from "@/lib/core/time-zones";
import { addDays } from "@/lib/core/calendar";
import { rowsOf } from "@/lib/db/bulk";
import type { Db, DbOrTx } from "@/lib/db/types";
import { cycleOf, type CycleRules, type QuotaSubscription } from "./cycles";
import { quotaUsage } from "./schema";

/**
 * Minutes younger than this are left for the next run: their polls may still be landing. QUOTA_COUNT_LAG_SECONDS
 * shortens it where polls are fast and near (the end-to-end tests poll every 5 s); only whole minutes are ever counted.
 */
export function countLagMs(source: Record<string, string | undefined> = process.env): number {
  const seconds = Number(source.QUOTA_COUNT_LAG_SECONDS);
  return source.QUOTA_COUNT_LAG_SECONDS?.trim() && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 2 * 60_000;
}
/** A first run counts the minutes still kept (the poller keeps them two days), so a new quota sees today's use. */
export const FIRST_RUN_LOOKBACK_MS = 2 * 86_400_000;
const UPSERT_CHUNK = 2_000;

const minuteFloor = (ms: number) => Math.floor(ms / 60_000) * 60_000;

/** [from, to) cut at each local midnight inside it. */
export function splitAtMidnights(from: number, to: number, timeZone: string): { from: number; to: number; day: string }[] {
  const slices: { from: number; to: number; day: string }[] = [];
  let start = from;
  while (start < to) {
    const day = localDate(start, timeZone);
    const nextMidnight = zonedInstant(addDays(day, 1), 0, timeZone);
    const end = Math.min(to, nextMidnight);
    slices.push({ from: start, to: end, day });
    start = end;
  }
  return slices;
}

type Added = { subscriptionId: string; cycleStart: string; cycleEnd: string; downloadBytes: number; uploadBytes: number };

/** Adds the minutes counted since the watermark; returns how many subscription-cycle rows moved. */
export async function countUsage(db: Db, { tenantId, rules, subs, now }: { tenantId: string; rules: CycleRules; subs: QuotaSubscription[]; now: Date }): Promise<number> {
  const byId = new Map(subs.map((sub) => [sub.id, sub]));
  const to = minuteFloor(now.getTime() - countLagMs());
  return db.transaction(async (tx) => {
    await tx.execute(sql`insert into quota_watermarks (tenant_id, counted_through) values (${tenantId}, ${new Date(to - FIRST_RUN_LOOKBACK_MS).toISOString()}::timestamptz)
      on conflict (tenant_id) do nothing`);
    const [mark] = rowsOf<{ counted_through: string | Date }>(
      await tx.execute(sql`select counted_through from quota_watermarks where tenant_id = ${tenantId} for update`),
    );
    const from = new Date(mark!.counted_through).getTime();
    if (to <= from) return 0;
    const added = new Map<string, Added>();
    for (const slice of splitAtMidnights(from, to, rules.timeZone)) {
      const rows = rowsOf<{ subject: string; download: string | number; upload: string | number }>(
        await tx.execute(sql`
          select p.subject, sum(p.tx_bytes) as download, sum(p.rx_bytes) as upload
          from traffic_points p
          where p.tenant_id = ${tenantId} and p.subject_type = 'subscription' and p.resolution = '1m'
            and p.bucket >= ${new Date(slice.from).toISOString()}::timestamptz and p.bucket < ${new Date(slice.to).toISOString()}::timestamptz
          group by p.subject`),
      );
      for (const row of rows) {
        const sub = byId.get(row.subject);
        if (!sub) continue;
        const cycle = cycleOf(rules, sub, slice.day);
        const key = `${sub.id}|${cycle.start}`;
        const entry = added.get(key) ?? { subscriptionId: sub.id, cycleStart: cycle.start, cycleEnd: cycle.end, downloadBytes: 0, uploadBytes: 0 };
        entry.downloadBytes += Number(row.download);
        entry.uploadBytes += Number(row.upload);
        added.set(key, entry);
      }
    }
    await addToCycles(tx, tenantId, [...added.values()], now);
    await tx.execute(sql`update quota_watermarks set counted_through = ${new Date(to).toISOString()}::timestamptz where tenant_id = ${tenantId}`);
    return added.size;
  });
}

async function addToCycles(tx: DbOrTx, tenantId: string, rows: Added[], now: Date) {
  for (let i = 0; i < rows.length; i += UPSERT_CHUNK) {
    await tx
      .insert(quotaUsage)
      .values(rows.slice(i, i + UPSERT_CHUNK).map((row) => ({ tenantId, ...row, updatedAt: now })))
      .onConflictDoUpdate({
        target: [quotaUsage.subscriptionId, quotaUsage.cycleStart],
        set: {
          downloadBytes: sql`${quotaUsage.downloadBytes} + excluded.download_bytes`,
          uploadBytes: sql`${quotaUsage.uploadBytes} + excluded.upload_bytes`,
          updatedAt: now,
        },
      });
  }
}
