/*
 * Pools: a range inside a prefix that addresses are handed out from, optionally carried by one router's `/ip/pool`
 * (the reconciler keeps it there) and optionally billed: a static address from a pool with a monthly fee is an
 * add-on on its subscription's invoice. Pools never overlap; a router carries one pool of a name. Staff edits are
 * audited; the callers reconcile the routers a change names (`routersToReconcile`) after it commits.
 */
import "server-only";
import { and, eq, inArray, ne } from "drizzle-orm";
import type { Db, DbOrTx } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";
import { AppError, isUniqueViolation, notFound } from "@/lib/core/errors";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { getRouter } from "@/lib/routers/service";
import { formatRange, parseAddress, parseRange, rangeContains, rangesOverlap, rangeWithin, type Range } from "./prefix";
import { ipAssignments, ipPools, ipPrefixes, type IpPool } from "./schema";
import { invalid, prefixOf, rangeOf } from "./service";
import type { PoolEdit, PoolFields } from "./forms";

/** The router must be the ISP's, and carry no other pool of this name (its `/ip/pool` names are unique). */
export async function assertRouterFor(
  tx: DbOrTx,
  tenantId: string,
  { routerId, name, poolId }: { routerId: string | null; name: string; poolId?: string },
) {
  if (!routerId) return;
  try {
    await getRouter(tx, { tenantId, routerId });
  } catch (error) {
    if (error instanceof AppError && error.code === "not_found") throw invalid("routerId", "Choose one of your routers.");
    throw error;
  }
  const [same] = await tx
    .select({ range: ipPools.range })
    .from(ipPools)
    .where(and(eq(ipPools.tenantId, tenantId), eq(ipPools.routerId, routerId), eq(ipPools.name, name), poolId ? ne(ipPools.id, poolId) : undefined));
  if (same) throw invalid("routerId", `This router already carries a pool named ${name} (${same.range}).`);
}

/** The range must lie inside the prefix and clear every other pool of the ISP. */
async function assertPlacement(tx: DbOrTx, tenantId: string, { range, prefix, poolId }: { range: Range; prefix: string; poolId?: string }) {
  const parsed = prefixOf({ prefix });
  if (!rangeWithin(range, parsed)) throw invalid("range", `The range must lie inside ${prefix}.`);
  const pools = await tx
    .select()
    .from(ipPools)
    .where(and(eq(ipPools.tenantId, tenantId), poolId ? ne(ipPools.id, poolId) : undefined));
  const clash = pools.find((pool) => rangesOverlap(range, rangeOf(pool)));
  if (clash) throw invalid("range", `It overlaps pool ${clash.name} (${clash.range}).`);
}

function parsedRange(text: string): Range {
  const parsed = parseRange(text);
  if (!parsed.ok) throw invalid("range", parsed.error);
  return parsed.range;
}

const auditView = (pool: Pick<IpPool, "name" | "range" | "routerId" | "monthlyFeeCentavos" | "quarantineDays" | "description">) => ({
  name: pool.name,
  range: pool.range,
  routerId: pool.routerId,
  monthlyFeeCentavos: pool.monthlyFeeCentavos,
  quarantineDays: pool.quarantineDays,
  description: pool.description,
});

/** A new pool: on no router and free unless said (the form always says). */
export type NewPool = Omit<PoolFields, "monthlyFee"> & { monthlyFee?: number | null };

export async function createPool(db: Db, actor: TenantActor, input: NewPool) {
  return db.transaction((tx) => insertPool(tx, actor, input));
}

/** What a new pool's audit entry says: created by staff, or adopted from a router's `/ip/pool` (with the entry). */
export type PoolAudit = { action: "ipam.pool_created" | "ipam.pool_adopted"; after?: Record<string, unknown> };

/** A new pool inside the caller's transaction (adopting a router's pool records its prefix in the same one). */
export async function insertPool(tx: DbOrTx, actor: TenantActor, input: NewPool, audit: PoolAudit = { action: "ipam.pool_created" }) {
  const range = parsedRange(input.range);
  const routerId = input.routerId ?? null;
  const [prefixRow] = await tx
    .select()
    .from(ipPrefixes)
    .where(and(eq(ipPrefixes.tenantId, actor.tenantId), eq(ipPrefixes.id, input.prefixId)));
  if (!prefixRow) throw invalid("prefixId", "Choose one of your prefixes.");
  await assertPlacement(tx, actor.tenantId, { range, prefix: prefixRow.prefix });
  await assertRouterFor(tx, actor.tenantId, { routerId, name: input.name });
  try {
    const [pool] = await tx
      .insert(ipPools)
      .values({
        tenantId: actor.tenantId,
        prefixId: prefixRow.id,
        name: input.name,
        range: formatRange(range),
        quarantineDays: input.quarantineDays,
        description: input.description,
        routerId,
        monthlyFeeCentavos: input.monthlyFee ?? null,
      })
      .returning();
    await repointAssignments(tx, actor.tenantId, pool.id, range);
    await recordAudit(tx, actor, {
      action: audit.action,
      entityType: "ip_pool",
      entityId: pool.id,
      after: { ...auditView(pool), prefix: prefixRow.prefix, ...audit.after },
    });
    return { ...pool, routersToReconcile: routerId ? [routerId] : [] };
  } catch (error) {
    if (isUniqueViolation(error)) throw invalid("name", `${prefixRow.prefix} already has a pool named ${input.name}.`);
    throw error;
  }
}

/**
 * Changes a pool's range, router, fee, quarantine or notes. A range that would leave out an assigned address is
 * refused (move that subscriber first); quarantined addresses left outside simply leave the pool. Returns the routers
 * whose `/ip/pool` changes: the old and the new one when it moves, its router when the range changes.
 */
export async function updatePool(db: Db, actor: TenantActor, { poolId, ...input }: PoolEdit): Promise<{ routersToReconcile: string[] }> {
  const range = parsedRange(input.range);
  const routerId = input.routerId ?? null;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .select({ pool: ipPools, prefix: ipPrefixes.prefix })
      .from(ipPools)
      .innerJoin(ipPrefixes, eq(ipPrefixes.id, ipPools.prefixId))
      .where(and(eq(ipPools.tenantId, actor.tenantId), eq(ipPools.id, poolId)))
      .for("update", { of: ipPools });
    if (!row) throw notFound("Pool");
    const before = row.pool;
    const canonical = formatRange(range);
    if (canonical !== before.range) {
      await assertPlacement(tx, actor.tenantId, { range, prefix: row.prefix, poolId });
      const assigned = await tx
        .select({ address: ipAssignments.address })
        .from(ipAssignments)
        .where(and(eq(ipAssignments.tenantId, actor.tenantId), eq(ipAssignments.poolId, poolId), eq(ipAssignments.status, "assigned")));
      const left = assigned.find((a) => !rangeContains(range, parseAddress(a.address)!));
      if (left) throw invalid("range", `${left.address} is assigned and would fall outside: move that subscriber first.`);
    }
    await assertRouterFor(tx, actor.tenantId, { routerId, name: before.name, poolId });
    const after = {
      range: canonical,
      routerId,
      monthlyFeeCentavos: input.monthlyFee,
      quarantineDays: input.quarantineDays,
      description: input.description,
    };
    await tx
      .update(ipPools)
      .set({ ...after, updatedAt: clock.now() })
      .where(eq(ipPools.id, poolId));
    if (canonical !== before.range) await repointAssignments(tx, actor.tenantId, poolId, range);
    await recordAudit(tx, actor, {
      action: "ipam.pool_updated",
      entityType: "ip_pool",
      entityId: poolId,
      before: auditView(before),
      after: auditView({ ...before, ...after }),
    });
    const touched = before.routerId !== routerId || canonical !== before.range ? [before.routerId, routerId] : [];
    return { routersToReconcile: [...new Set(touched.filter((id): id is string => id !== null))] };
  });
}

/** Addresses held inside the range count against this pool; those it held outside the range belong to no pool now. */
async function repointAssignments(tx: DbOrTx, tenantId: string, poolId: string, range: Range) {
  const held = await tx
    .select()
    .from(ipAssignments)
    .where(and(eq(ipAssignments.tenantId, tenantId), eq(ipAssignments.version, range.version)));
  const inside = held.filter((row) => rangeContains(range, parseAddress(row.address)!));
  const outside = held.filter((row) => row.poolId === poolId && !inside.includes(row));
  if (inside.length > 0)
    await tx
      .update(ipAssignments)
      .set({ poolId })
      .where(
        inArray(
          ipAssignments.id,
          inside.map((row) => row.id),
        ),
      );
  if (outside.length > 0)
    await tx
      .update(ipAssignments)
      .set({ poolId: null })
      .where(
        inArray(
          ipAssignments.id,
          outside.map((row) => row.id),
        ),
      );
}

/** Removes a pool with no assigned address; returns its router, whose `/ip/pool` loses it on the next reconcile. */
export async function deletePool(db: Db, actor: TenantActor, { poolId }: { poolId: string }): Promise<{ routersToReconcile: string[] }> {
  return db.transaction(async (tx) => {
    const [inUse] = await tx
      .select({ address: ipAssignments.address })
      .from(ipAssignments)
      .where(and(eq(ipAssignments.tenantId, actor.tenantId), eq(ipAssignments.poolId, poolId), eq(ipAssignments.status, "assigned")))
      .limit(1);
    if (inUse) throw new AppError("conflict", `Addresses of this pool are assigned (${inUse.address}, …): move those subscribers first.`);
    const [removed] = await tx
      .delete(ipPools)
      .where(and(eq(ipPools.tenantId, actor.tenantId), eq(ipPools.id, poolId)))
      .returning();
    if (!removed) throw notFound("Pool");
    await recordAudit(tx, actor, { action: "ipam.pool_deleted", entityType: "ip_pool", entityId: poolId, before: auditView(removed) });
    return { routersToReconcile: removed.routerId ? [removed.routerId] : [] };
  });
}
