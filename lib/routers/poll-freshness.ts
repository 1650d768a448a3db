import { and, count, isNull, lt, min, or, sql } from "drizzle-orm";
import { routers } from "@/lib/routers/schema";
import { contactableRouters } from "@/lib/routers/access";
import type { DbOrTx } from "@/lib/db/types";

export type PollFreshness = { routers: number; overdue: number; oldestOverdueSeconds: number };

/**
 * Across every ISP: the routers whose last finished poll (reachable or not) is older than `overdueAfterSeconds`,
 * counting a router never polled from when it was added. Demo routers that are switched off do not count.
 */
export async function pollFreshness(db: DbOrTx, { now, overdueAfterSeconds }: { now: Date; overdueAfterSeconds: number }): Promise<PollFreshness> {
  const cutoff = new Date(now.getTime() - overdueAfterSeconds * 1000);
  const lastPoll = sql<Date>`coalesce(${routers.lastPolledAt}, ${routers.createdAt})`;
  const [all] = await db.select({ n: count() }).from(routers).where(contactableRouters());
  const [late] = await db
    .select({ n: count(), oldest: min(lastPoll).mapWith(routers.createdAt) })
    .from(routers)
    .where(
      and(
        contactableRouters(),
        or(lt(routers.lastPolledAt, cutoff), and(isNull(routers.lastPolledAt), lt(routers.createdAt, cutoff))),
      ),
    );
  const oldest = late?.oldest ? new Date(late.oldest) : null;
  return {
    routers: all?.n ?? 0,
    overdue: late?.n ?? 0,
    oldestOverdueSeconds: oldest ? Math.max(0, Math.round((now.getTime() - oldest.getTime()) / 1000)) : 0,
  };
}
