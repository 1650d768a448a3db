/*
 * IP address management: prefixes (the pools inside them are in pools.ts), and which subscription holds which address.
 * An address is held once per ISP (a unique index, so two claims at once cannot both win); a released address is
 * quarantined for its pool's days before anyone else gets it. Staff edits are audited.
 */
import "server-only";
import { and, asc, eq, ne, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";
import { AppError, isUniqueViolation, notFound } from "@/lib/core/errors";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { sites } from "@/lib/routers/schema";
import {
  containsAddress,
  formatAddress,
  formatPrefix,
  lastAddress,
  nextFree,
  parseAddress,
  parsePrefix,
  parseRange,
  rangeContains,
  rangesOverlap,
  type Prefix,
  type Range,
} from "./prefix";
import { ipAssignments, ipPools, ipPrefixes, type IpAssignment, type IpPool, type IpPrefix } from "./schema";
import type { PrefixEdit, PrefixFields } from "./forms";

const DAY = 86_400_000;
/** Quarantine for an address in no pool. */
const DEFAULT_QUARANTINE_DAYS = 30;

export const invalid = (field: string, message: string) => new AppError("validation", message, { fieldErrors: { [field]: [message] } });

export function prefixOf(row: Pick<IpPrefix, "prefix">): Prefix {
  const parsed = parsePrefix(row.prefix);
  if (!parsed.ok) throw new Error(`stored prefix ${row.prefix} does not parse`);
  return parsed.prefix;
}

export function rangeOf(row: Pick<IpPool, "range">): Range {
  const parsed = parseRange(row.range);
  if (!parsed.ok) throw new Error(`stored range ${row.range} does not parse`);
  return parsed.range;
}

/** Held now: assigned, or quarantined and not yet free. */
const holds = (row: Pick<IpAssignment, "status" | "quarantineUntil">, at: Date) =>
  row.status === "assigned" || (row.quarantineUntil !== null && row.quarantineUntil.getTime() > at.getTime());

async function assertSite(db: DbOrTx, tenantId: string, siteId: string | null | undefined) {
  if (!siteId) return;
  const [site] = await db
    .select({ id: sites.id })
    .from(sites)
    .where(and(eq(sites.tenantId, tenantId), eq(sites.id, siteId)));
  if (!site) throw invalid("siteId", "Choose one of your sites.");
}

// ---- prefixes (pools are in pools.ts) ------------------------------------------------------------------

export async function createPrefix(db: Db, actor: TenantActor, input: PrefixFields) {
  return db.transaction((tx) => insertPrefix(tx, actor, input));
}

/** A new prefix inside the caller's transaction (adopting a router's pool records the prefix holding it with the pool). */
export async function insertPrefix(tx: DbOrTx, actor: TenantActor, input: PrefixFields) {
  const parsed = parsePrefix(input.prefix);
  if (!parsed.ok) throw invalid("prefix", parsed.error);
  const prefix = parsed.prefix;
  await assertSite(tx, actor.tenantId, input.siteId);
  // Two prefixes either nest (the tree) or are apart: the only clash is the same prefix twice (the unique index).
  const canonical = `${formatAddress({ version: prefix.version, value: prefix.network })}/${prefix.length}`;
  try {
    const [row] = await tx
      .insert(ipPrefixes)
      .values({
        tenantId: actor.tenantId,
        prefix: canonical,
        version: prefix.version,
        status: input.status,
        siteId: input.siteId ?? null,
        vlan: input.vlan,
        description: input.description,
      })
      .returning();
    await recordAudit(tx, actor, {
      action: "ipam.prefix_created",
      entityType: "ip_prefix",
      entityId: row.id,
      after: { prefix: canonical, status: row.status },
    });
    return row;
  } catch (error) {
    if (isUniqueViolation(error)) throw invalid("prefix", `${canonical} is already recorded.`);
    throw error;
  }
}

export async function updatePrefix(db: Db, actor: TenantActor, { prefixId, ...input }: PrefixEdit) {
  await assertSite(db, actor.tenantId, input.siteId);
  await db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(ipPrefixes)
      .where(and(eq(ipPrefixes.tenantId, actor.tenantId), eq(ipPrefixes.id, prefixId)));
    if (!before) throw notFound("Prefix");
    const after = { status: input.status, siteId: input.siteId ?? null, vlan: input.vlan, description: input.description };
    await tx
      .update(ipPrefixes)
      .set({ ...after, updatedAt: clock.now() })
      .where(eq(ipPrefixes.id, prefixId));
    await recordAudit(tx, actor, {
      action: "ipam.prefix_updated",
      entityType: "ip_prefix",
      entityId: prefixId,
      before: { status: before.status, siteId: before.siteId, vlan: before.vlan, description: before.description },
      after,
    });
  });
}

export async function deletePrefix(db: Db, actor: TenantActor, { prefixId }: { prefixId: string }) {
  await db.transaction(async (tx) => {
    const pools = await tx
      .select({ name: ipPools.name })
      .from(ipPools)
      .where(and(eq(ipPools.tenantId, actor.tenantId), eq(ipPools.prefixId, prefixId)));
    if (pools.length > 0) throw new AppError("conflict", `Remove its pools first: ${pools.map((p) => p.name).join(", ")}.`);
    const [removed] = await tx
      .delete(ipPrefixes)
      .where(and(eq(ipPrefixes.tenantId, actor.tenantId), eq(ipPrefixes.id, prefixId)))
      .returning();
    if (!removed) throw notFound("Prefix");
    await recordAudit(tx, actor, { action: "ipam.prefix_deleted", entityType: "ip_prefix", entityId: prefixId, before: { prefix: removed.prefix } });
  });
}

/**
 * A prefix another room hands addresses out of on its own (the WireGuard hub's tunnel prefix): recorded here so it
 * shows in the ISP's address plan, and refused with the reason when it would hand out addresses IPAM already does —
 * a pool's range overlapping it, or an address held by a subscription inside it. Recorded once; a prefix already
 * recorded (by hand) is kept as it is. Inside the caller's transaction; `field` names the form field for the error.
 */
export async function reservePrefixFor(
  tx: DbOrTx,
  actor: TenantActor,
  { prefix: text, description, field = "prefix" }: { prefix: string; description: string; field?: string },
): Promise<void> {
  const parsed = parsePrefix(text);
  if (!parsed.ok) throw invalid(field, parsed.error);
  const prefix = parsed.prefix;
  const asRange: Range = { version: prefix.version, first: prefix.network, last: lastAddress(prefix) };
  const pools = await tx.select().from(ipPools).where(eq(ipPools.tenantId, actor.tenantId));
  const pool = pools.find((p) => rangesOverlap(rangeOf(p), asRange));
  if (pool)
    throw invalid(
      field,
      `${formatPrefix(prefix)} overlaps the address pool ${pool.name} (${pool.range}) in IP addresses: choose a prefix no pool uses.`,
    );
  const held = await tx
    .select({ address: ipAssignments.address, status: ipAssignments.status, quarantineUntil: ipAssignments.quarantineUntil })
    .from(ipAssignments)
    .where(and(eq(ipAssignments.tenantId, actor.tenantId), eq(ipAssignments.version, prefix.version)));
  const inside = held.find((row) => {
    const address = parseAddress(row.address);
    return address !== null && containsAddress(prefix, address) && holds(row, clock.now());
  });
  if (inside)
    throw invalid(field, `${inside.address} inside ${formatPrefix(prefix)} is a subscriber's address in IP addresses: choose another prefix.`);
  const canonical = formatPrefix(prefix);
  const [recorded] = await tx
    .select({ id: ipPrefixes.id })
    .from(ipPrefixes)
    .where(and(eq(ipPrefixes.tenantId, actor.tenantId), eq(ipPrefixes.prefix, canonical)));
  if (!recorded) await insertPrefix(tx, actor, { prefix: canonical, status: "active", siteId: null, vlan: "", description });
}

// ---- addresses of subscriptions ---------------------------------------------------------------------------

async function poolHolding(tx: DbOrTx, tenantId: string, address: { version: 4 | 6; value: bigint }): Promise<IpPool | null> {
  const pools = await tx.select().from(ipPools).where(eq(ipPools.tenantId, tenantId));
  return pools.find((pool) => rangeContains(rangeOf(pool), address)) ?? null;
}

/**
 * The subscription holds `address` from now: refused when another subscription holds it (or it is still in
 * quarantine); the subscription's other addresses are released. Call inside the transaction that changes the
 * subscription's static IP (the subscriptions room does).
 */
export async function claimAddress(
  tx: DbOrTx,
  { tenantId, subscriptionId, address, at = clock.now() }: { tenantId: string; subscriptionId: string; address: string; at?: Date },
) {
  const parsed = parseAddress(address);
  if (!parsed) throw invalid("staticIp", "Enter an IPv4 or IPv6 address.");
  const canonical = formatAddress(parsed);
  const pool = await poolHolding(tx, tenantId, parsed);
  await tx
    .insert(ipAssignments)
    .values({ tenantId, address: canonical, version: parsed.version, poolId: pool?.id ?? null, subscriptionId, status: "assigned", assignedAt: at })
    .onConflictDoNothing();
  const [row] = await tx
    .select()
    .from(ipAssignments)
    .where(and(eq(ipAssignments.tenantId, tenantId), eq(ipAssignments.address, canonical)))
    .for("update");
  if (row.subscriptionId !== subscriptionId) {
    if (holds(row, at)) {
      const why =
        row.status === "assigned"
          ? "is assigned to another subscription"
          : `was released and is quarantined until ${row.quarantineUntil!.toISOString().slice(0, 10)}`;
      throw new AppError("conflict", `${canonical} ${why}.`, { fieldErrors: { staticIp: [`${canonical} ${why}.`] } });
    }
  }
  await tx
    .update(ipAssignments)
    .set({
      subscriptionId,
      status: "assigned",
      poolId: pool?.id ?? null,
      assignedAt: row.subscriptionId === subscriptionId && row.status === "assigned" ? row.assignedAt : at,
      releasedAt: null,
      quarantineUntil: null,
    })
    .where(eq(ipAssignments.id, row.id));
  await releaseAddresses(tx, { tenantId, subscriptionId, at, except: canonical });
  return { address: canonical, poolName: pool?.name ?? null };
}

/** The subscription gives its addresses back (it ended, or its static IP was removed or changed): quarantined for the pool's days. */
export async function releaseAddresses(
  tx: DbOrTx,
  { tenantId, subscriptionId, at = clock.now(), except }: { tenantId: string; subscriptionId: string; at?: Date; except?: string },
) {
  const held = await tx
    .select({ assignment: ipAssignments, quarantineDays: ipPools.quarantineDays })
    .from(ipAssignments)
    .leftJoin(ipPools, eq(ipPools.id, ipAssignments.poolId))
    .where(
      and(
        eq(ipAssignments.tenantId, tenantId),
        eq(ipAssignments.subscriptionId, subscriptionId),
        eq(ipAssignments.status, "assigned"),
        except ? ne(ipAssignments.address, except) : undefined,
      ),
    );
  for (const { assignment, quarantineDays } of held) {
    const days = quarantineDays ?? DEFAULT_QUARANTINE_DAYS;
    await tx
      .update(ipAssignments)
      .set({ status: "quarantined", releasedAt: at, quarantineUntil: new Date(at.getTime() + days * DAY) })
      .where(eq(ipAssignments.id, assignment.id));
  }
  return { released: held.length };
}

/** The lowest address of the pool nobody holds (quarantine counts as held); null when the pool is full. */
export async function nextFreeAddress(
  db: DbOrTx,
  { tenantId, poolId, at = clock.now() }: { tenantId: string; poolId: string; at?: Date },
): Promise<string | null> {
  const [row] = await db
    .select({ pool: ipPools, prefix: ipPrefixes.prefix })
    .from(ipPools)
    .innerJoin(ipPrefixes, eq(ipPrefixes.id, ipPools.prefixId))
    .where(and(eq(ipPools.tenantId, tenantId), eq(ipPools.id, poolId)));
  if (!row) throw notFound("Pool");
  const range = rangeOf(row.pool);
  const held = await db
    .select()
    .from(ipAssignments)
    .where(and(eq(ipAssignments.tenantId, tenantId), eq(ipAssignments.version, range.version)));
  const used = held.filter((a) => holds(a, at)).map((a) => parseAddress(a.address)!.value);
  const value = nextFree(range, used, prefixOf({ prefix: row.prefix }));
  return value === null ? null : formatAddress({ version: range.version, value });
}

/** The ISP's pools by name, for the static IP picker. */
export async function listPools(db: DbOrTx, { tenantId }: { tenantId: string }) {
  return db.select().from(ipPools).where(eq(ipPools.tenantId, tenantId)).orderBy(asc(ipPools.name));
}

/**
 * Records the static addresses subscriptions were given outside this room (a customer import writes them in bulk):
 * each not yet held goes to its subscription. An address already held stays with its holder, and the clash shows
 * on the IP addresses page as a conflict rather than being decided here.
 */
export async function recordStaticAddresses(tx: DbOrTx, { tenantId, at = clock.now() }: { tenantId: string; at?: Date }) {
  await tx.execute(sql`
    insert into ip_assignments (tenant_id, address, version, subscription_id, status, assigned_at)
    select distinct on (s.static_ip) s.tenant_id, s.static_ip, 4, s.id, 'assigned', ${at.toISOString()}::timestamptz
    from subscriptions s
    where s.tenant_id = ${tenantId} and s.static_ip is not null and s.status <> 'terminated'
      and not exists (select 1 from ip_assignments a where a.tenant_id = s.tenant_id and a.subscription_id = s.id and a.status = 'assigned')
    order by s.static_ip, s.created_at
    on conflict (tenant_id, address) do nothing`);
}
