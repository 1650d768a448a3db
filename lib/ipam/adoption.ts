/*
 * Adopting a router's own `/ip/pool` entries into the address plan. Each entry is judged against the ISP's prefixes
 * and pools (`judgeRouterPool`, pure), then recorded as a pool that router carries: in the narrowest recorded prefix
 * holding it, or in the narrowest prefix that holds it, recorded first as active (a pool needs a prefix). A pool of
 * ours that already says the same (same name, same range, on this router or on none) is taken as the entry's
 * instead of a second one. Provisioning reads the router and marks the entry; only this room writes the pools.
 */
import "server-only";
import { and, eq } from "drizzle-orm";
import type { Db, DbOrTx } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";
import { AppError } from "@/lib/core/errors";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import {
  formatPrefix,
  formatRange,
  parsePrefix,
  parseRange,
  rangesOverlap,
  rangeWithin,
  smallestPrefixHolding,
  type Prefix,
  type Range,
} from "./prefix";
import { ipPools, ipPrefixes } from "./schema";
import { poolNameSchema } from "./forms";
import { assertRouterFor, insertPool } from "./pools";
import { insertPrefix } from "./service";

/** An `/ip/pool` entry as the router shows it; `ranges` may list several, comma-separated. */
export type RouterPoolEntry = { name: string; ranges: string; nextPool: string; comment: string };

export type PoolAdoptionCandidate = RouterPoolEntry & {
  /** The narrowest prefix in our records that holds the range (for a pool of ours taken over: that pool's prefix). */
  prefix: string | null;
  /** The prefix adoption records first, when no recorded prefix can take the pool. */
  newPrefix: string | null;
  /** A pool of ours with this name, and where it is carried. */
  recordedPool: { range: string; carried: "this_router" | "other_router" | "nowhere" } | null;
  /** What adopting does: record a new pool, or take a pool of ours that already says the same. Null when it can't. */
  adoptAs: "new" | "existing" | null;
  problem: string | null;
};

type RecordedPrefix = { id: string; prefix: string };
type RecordedPool = { id: string; name: string; range: string; routerId: string | null; prefixId: string };

type AdoptionPlan =
  | { kind: "new"; range: string; prefixId: string | null; newPrefix: string | null }
  | { kind: "existing"; poolId: string; range: string; setRouter: boolean };

const parsedPrefix = (row: RecordedPrefix): Prefix => (parsePrefix(row.prefix) as { ok: true; prefix: Prefix }).prefix;
const parsedRange = (row: RecordedPool): Range => (parseRange(row.range) as { ok: true; range: Range }).range;

/** What adopting the router's entry would do, or why it can't (pure). */
export function judgeRouterPool(
  entry: RouterPoolEntry,
  { routerId, prefixes, pools }: { routerId: string; prefixes: RecordedPrefix[]; pools: RecordedPool[] },
): { candidate: PoolAdoptionCandidate; plan: AdoptionPlan | null } {
  const named = pools.filter((pool) => pool.name === entry.name);
  const mine = named.find((pool) => pool.routerId === routerId);
  const parsedEntry = parseRange(entry.ranges.trim());
  const sameRange = (pool: RecordedPool) => parsedEntry.ok && pool.range === formatRange(parsedEntry.range);
  // A pool of ours saying the same on no router is the one adoption takes: show that one among those of the name.
  const twin = named.find((pool) => pool.routerId === null && sameRange(pool));
  const shown = mine ?? twin ?? named[0];
  const candidate: PoolAdoptionCandidate = {
    ...entry,
    prefix: null,
    newPrefix: null,
    recordedPool: shown
      ? { range: shown.range, carried: shown.routerId === routerId ? "this_router" : shown.routerId ? "other_router" : "nowhere" }
      : null,
    adoptAs: null,
    problem: null,
  };
  const refuse = (problem: string) => ({ candidate: { ...candidate, problem }, plan: null });

  if (!poolNameSchema.safeParse(entry.name).success || entry.name !== entry.name.trim())
    return refuse("The name can't be a NetSphere pool name (up to 64 letters, digits, dot, dash, underscore); rename it on the router first.");
  const ranges = entry.ranges.split(",").map((part) => part.trim());
  if (ranges.length > 1)
    return refuse(
      `It has ${ranges.length} ranges; a NetSphere pool holds one, and the router's entry would keep only that one. Join them into one range on the router, or make a pool of each, then read again.`,
    );
  const parsed = parseRange(ranges[0]);
  if (!parsed.ok) return refuse(`Its range "${entry.ranges}" can't be read: ${parsed.error}`);
  const range = parsed.range;
  if (range.version !== 4) return refuse("Only IPv4 pools are kept in a router's /ip/pool.");
  const canonical = formatRange(range);
  const holding = prefixes.filter((row) => rangeWithin(range, parsedPrefix(row))).sort((a, b) => parsedPrefix(b).length - parsedPrefix(a).length)[0];
  candidate.prefix = holding?.prefix ?? null;

  if (mine) {
    if (mine.range !== canonical)
      return refuse(`Our pool ${mine.name} for this router has ${mine.range}; the router has ${entry.ranges}. Make them the same, then read again.`);
    return existing(mine, false);
  }
  if (twin) return existing(twin, true);
  const clash = pools.find((pool) => rangesOverlap(range, parsedRange(pool)));
  if (clash) return refuse(`It overlaps our pool ${clash.name} (${clash.range}).`);

  if (holding && !named.some((pool) => pool.prefixId === holding.id))
    return { candidate: { ...candidate, adoptAs: "new" }, plan: { kind: "new", range: canonical, prefixId: holding.id, newPrefix: null } };
  // Prefixes nest: the narrowest one holding the range can sit inside a recorded prefix that has a pool of this name.
  const narrowest = smallestPrefixHolding(range);
  if (holding && parsedPrefix(holding).length >= narrowest.length)
    return refuse(`${holding.prefix} already has a pool named ${entry.name}; rename one of them.`);
  const newPrefix = formatPrefix(narrowest);
  return { candidate: { ...candidate, adoptAs: "new", newPrefix }, plan: { kind: "new", range: canonical, prefixId: null, newPrefix } };

  function existing(pool: RecordedPool, setRouter: boolean) {
    const own = prefixes.find((row) => row.id === pool.prefixId);
    return {
      candidate: { ...candidate, prefix: own?.prefix ?? candidate.prefix, adoptAs: "existing" as const },
      plan: { kind: "existing" as const, poolId: pool.id, range: pool.range, setRouter },
    };
  }
}

async function recorded(db: DbOrTx, tenantId: string) {
  const [prefixes, pools] = await Promise.all([
    db.select({ id: ipPrefixes.id, prefix: ipPrefixes.prefix }).from(ipPrefixes).where(eq(ipPrefixes.tenantId, tenantId)),
    db
      .select({ id: ipPools.id, name: ipPools.name, range: ipPools.range, routerId: ipPools.routerId, prefixId: ipPools.prefixId })
      .from(ipPools)
      .where(eq(ipPools.tenantId, tenantId)),
  ]);
  return { prefixes, pools };
}

/** The router's unmarked pools as adoption would take them, each with its prefix, our pool of its name and any problem. */
export async function poolAdoptionCandidates(
  db: DbOrTx,
  { tenantId, routerId }: { tenantId: string; routerId: string },
  entries: RouterPoolEntry[],
): Promise<PoolAdoptionCandidate[]> {
  if (entries.length === 0) return [];
  const records = await recorded(db, tenantId);
  return entries.map((entry) => judgeRouterPool(entry, { routerId, ...records }).candidate);
}

/** The router's own comment and next pool, kept in the pool's notes: our marker takes the comment's place there. */
const notesOf = (entry: RouterPoolEntry) =>
  [entry.comment && `Router comment: ${entry.comment}`, entry.nextPool && `next pool on the router: ${entry.nextPool}`]
    .filter(Boolean)
    .join("; ")
    .slice(0, 200);

/**
 * Records the router's entry as a pool that router carries (with the prefix holding it, when none is recorded), or
 * takes the pool of ours that already says the same, in one transaction, audited as an adoption. Returns the pool and
 * its range as we write it, which the router's entry is given with our marker.
 */
export async function adoptRouterPool(
  db: Db,
  actor: TenantActor,
  { routerId, entry }: { routerId: string; entry: RouterPoolEntry },
): Promise<{ poolId: string; range: string; prefixCreated: string | null }> {
  const routerEntry = { name: entry.name, ranges: entry.ranges, nextPool: entry.nextPool, comment: entry.comment };
  return db.transaction(async (tx) => {
    const { candidate, plan } = judgeRouterPool(entry, { routerId, ...(await recorded(tx, actor.tenantId)) });
    if (!plan) throw new AppError("validation", `${entry.name}: ${candidate.problem}`);
    if (plan.kind === "existing") {
      if (plan.setRouter) {
        await assertRouterFor(tx, actor.tenantId, { routerId, name: entry.name, poolId: plan.poolId });
        await tx
          .update(ipPools)
          .set({ routerId, updatedAt: clock.now() })
          .where(and(eq(ipPools.tenantId, actor.tenantId), eq(ipPools.id, plan.poolId)));
      }
      await recordAudit(tx, actor, {
        action: "ipam.pool_adopted",
        entityType: "ip_pool",
        entityId: plan.poolId,
        before: { routerId: plan.setRouter ? null : routerId },
        after: { routerId, range: plan.range, routerEntry },
      });
      return { poolId: plan.poolId, range: plan.range, prefixCreated: null };
    }
    const prefixId =
      plan.prefixId ??
      (
        await insertPrefix(tx, actor, {
          prefix: plan.newPrefix!,
          status: "active",
          siteId: null,
          vlan: "",
          description: `Recorded when pool ${entry.name} was adopted from a router.`,
        })
      ).id;
    const pool = await insertPool(
      tx,
      actor,
      { prefixId, name: entry.name, range: plan.range, routerId, quarantineDays: 30, description: notesOf(entry), monthlyFee: null },
      { action: "ipam.pool_adopted", after: { routerEntry } },
    );
    return { poolId: pool.id, range: pool.range, prefixCreated: plan.newPrefix };
  });
}
