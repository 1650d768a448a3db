/*
 * How loaded a link is: the peak rate of the interfaces at its ends, from the per-minute traffic points. The topology
 * page reads it for every link with a known capacity, so it is one grouped query for all of them.
 */
import { and, eq, gte, inArray, sql } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { trafficPoints } from "./schema";

export type InterfaceEnd = { routerId: string; interface: string };

export const interfaceKey = (end: InterfaceEnd) => `${end.routerId} ${end.interface}`;

/**
 * The highest rate (bits per second, receive or transmit, whichever is higher) each interface reached in a minute
 * bucket since `since`, keyed by `interfaceKey`; interfaces without points are absent.
 */
export async function interfacePeakRates(
  db: DbOrTx,
  { tenantId, ends, since }: { tenantId: string; ends: InterfaceEnd[]; since: Date },
): Promise<Map<string, number>> {
  const wanted = new Set(ends.filter((end) => end.interface !== "").map(interfaceKey));
  if (wanted.size === 0) return new Map();
  const rows = await db
    .select({
      routerId: trafficPoints.routerId,
      subject: trafficPoints.subject,
      // A bucket's peak, or its average when the poller saw a single reading in it.
      peak: sql<number>`max(greatest(${trafficPoints.rxMaxBps}, ${trafficPoints.txMaxBps}, ${trafficPoints.rxBytes} * 8 / 60, ${trafficPoints.txBytes} * 8 / 60))`.mapWith(
        Number,
      ),
    })
    .from(trafficPoints)
    .where(
      and(
        eq(trafficPoints.tenantId, tenantId),
        eq(trafficPoints.subjectType, "interface"),
        eq(trafficPoints.resolution, "1m"),
        gte(trafficPoints.bucket, since),
        inArray(trafficPoints.routerId, [...new Set(ends.map((end) => end.routerId))]),
        inArray(trafficPoints.subject, [...new Set(ends.map((end) => end.interface))]),
      ),
    )
    .groupBy(trafficPoints.routerId, trafficPoints.subject);
  const peaks = new Map<string, number>();
  for (const row of rows) {
    const key = interfaceKey({ routerId: row.routerId, interface: row.subject });
    if (wanted.has(key)) peaks.set(key, row.peak);
  }
  return peaks;
}
