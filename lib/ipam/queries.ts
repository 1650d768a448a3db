/*
 * Reads for the IP address pages: the prefix tree with each prefix's and pool's use (and when a pool runs out at
 * the pace of the last 30 days), who holds an address, and conflicts between our records.
 */
import "server-only";
import { and, asc, eq, isNotNull, ne } from "drizzle-orm";
import type { DbOrTx } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";
import { sites } from "@/lib/routers/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { customers } from "@/lib/customers/schema";
import {
  addressSpace,
  comparePrefixes,
  containsAddress,
  containsPrefix,
  formatAddress,
  parseAddress,
  parsePrefix,
  parseRange,
  prefixSize,
  rangeContains,
  rangeSize,
  lastAddress,
  type Address,
  type Prefix,
  type Range,
} from "./prefix";
import { ipAssignments, ipPools, ipPrefixes, type IpPool, type IpPrefix } from "./schema";
import { addressHistory, mergeAddressUses, normalizeMac, openAddressSessions, type AddressUse } from "./sessions";
import type { AddressSource } from "./values";

const DAY = 86_400_000;

export type PoolView = IpPool & { size: bigint; used: number; quarantined: number; free: bigint; percent: number; runsOutInDays: number | null };
export type PrefixView = IpPrefix & {
  depth: number;
  siteName: string | null;
  space: "public" | "private" | "cgnat";
  size: bigint;
  used: number;
  percent: number;
  pools: PoolView[];
};

const rangeOf = (pool: Pick<IpPool, "range">): Range => (parseRange(pool.range) as { ok: true; range: Range }).range;

const percentOf = (used: bigint | number, size: bigint) => (size === 0n ? 0 : Number((BigInt(used) * 10_000n) / size) / 100);

/** The ISP's prefixes as a tree (parents first, `depth` for indenting), each with its pools and what is used. */
export async function ipamTree(db: DbOrTx, { tenantId, at = clock.now() }: { tenantId: string; at?: Date }): Promise<PrefixView[]> {
  const [prefixRows, poolRows, assignmentRows] = await Promise.all([
    db
      .select({ prefix: ipPrefixes, siteName: sites.name })
      .from(ipPrefixes)
      .leftJoin(sites, eq(sites.id, ipPrefixes.siteId))
      .where(eq(ipPrefixes.tenantId, tenantId)),
    db.select().from(ipPools).where(eq(ipPools.tenantId, tenantId)).orderBy(asc(ipPools.name)),
    db
      .select({
        address: ipAssignments.address,
        status: ipAssignments.status,
        quarantineUntil: ipAssignments.quarantineUntil,
        assignedAt: ipAssignments.assignedAt,
      })
      .from(ipAssignments)
      .where(eq(ipAssignments.tenantId, tenantId)),
  ]);
  const held = assignmentRows
    .filter((a) => a.status === "assigned" || (a.quarantineUntil && a.quarantineUntil.getTime() > at.getTime()))
    .map((a) => ({ ...a, parsed: parseAddress(a.address)! }));
  const parsed = prefixRows
    .map((row) => ({ ...row, parsed: (parsePrefix(row.prefix.prefix) as { ok: true; prefix: Prefix }).prefix }))
    .sort((a, b) => comparePrefixes(a.parsed, b.parsed));
  const monthAgo = at.getTime() - 30 * DAY;
  return parsed.map((row) => {
    const depth = parsed.filter(
      (other) => other !== row && containsPrefix(other.parsed, row.parsed) && other.parsed.length < row.parsed.length,
    ).length;
    const size = prefixSize(row.parsed);
    const inside = held.filter((a) => containsAddress(row.parsed, a.parsed));
    const pools = poolRows
      .filter((pool) => pool.prefixId === row.prefix.id)
      .map((pool): PoolView => {
        const range = rangeOf(pool);
        // The subnet's network and broadcast addresses are never handed out (IPv4, /30 and wider).
        const ends =
          row.parsed.version === 4 && row.parsed.length <= 30
            ? [row.parsed.network, lastAddress(row.parsed)].filter((v) => v >= range.first && v <= range.last).length
            : 0;
        const poolSize = rangeSize(range) - BigInt(ends);
        const inPool = inside.filter((a) => rangeContains(range, a.parsed));
        const used = inPool.filter((a) => a.status === "assigned").length;
        const quarantined = inPool.length - used;
        const free = poolSize - BigInt(inPool.length);
        const recent = inPool.filter((a) => a.status === "assigned" && a.assignedAt.getTime() >= monthAgo).length;
        const runsOutInDays = recent > 0 && free < 1_000_000n ? Math.floor((Number(free) / recent) * 30) : null;
        return { ...pool, size: poolSize, used, quarantined, free, percent: percentOf(inPool.length, poolSize), runsOutInDays };
      });
    return {
      ...row.prefix,
      depth,
      siteName: row.siteName,
      space: addressSpace(row.parsed),
      size,
      used: inside.length,
      percent: percentOf(inside.length, size),
      pools,
    };
  });
}

export type AddressHolder = {
  address: string;
  status: "assigned" | "quarantined" | "free";
  subscription: { id: string; username: string; customerId: string; customerName: string; accountNumber: string } | null;
  releasedAt: Date | null;
  quarantineUntil: Date | null;
  poolName: string | null;
  prefixes: string[];
  /** Sessions the routers reported with this address: open at `at` when asked, else the latest. */
  uses: AddressUse[];
};

/** Who holds an address now, and where it sits in the tree. */
export async function findAddress(
  db: DbOrTx,
  {
    tenantId,
    address,
    at = clock.now(),
    usedAt,
    exactUses = [],
  }: {
    tenantId: string;
    address: string;
    at?: Date;
    usedAt?: Date;
    /** Uses known exactly from elsewhere (RADIUS accounting), merged with the polls' (`mergeAddressUses`). */
    exactUses?: readonly AddressUse[];
  },
): Promise<AddressHolder | null> {
  const parsed = parseAddress(address);
  if (!parsed) return null;
  const canonical = formatAddress(parsed);
  const [[row], prefixRows, uses] = await Promise.all([
    db
      .select({
        assignment: ipAssignments,
        poolName: ipPools.name,
        subscription: { id: subscriptions.id, username: subscriptions.username, customerId: subscriptions.customerId },
        customer: { name: customers.name, accountNumber: customers.accountNumber },
      })
      .from(ipAssignments)
      .leftJoin(ipPools, eq(ipPools.id, ipAssignments.poolId))
      .leftJoin(subscriptions, eq(subscriptions.id, ipAssignments.subscriptionId))
      .leftJoin(customers, eq(customers.id, subscriptions.customerId))
      .where(and(eq(ipAssignments.tenantId, tenantId), eq(ipAssignments.address, canonical))),
    db.select({ prefix: ipPrefixes.prefix }).from(ipPrefixes).where(eq(ipPrefixes.tenantId, tenantId)),
    addressHistory(db, { tenantId, address: canonical, at: usedAt }),
  ]);
  const within = prefixRows
    .map((p) => (parsePrefix(p.prefix) as { ok: true; prefix: Prefix }).prefix)
    .filter((p) => containsAddress(p, parsed as Address))
    .sort(comparePrefixes)
    .map((p) => `${formatAddress({ version: p.version, value: p.network })}/${p.length}`);
  const heldNow = row && (row.assignment.status === "assigned" || (row.assignment.quarantineUntil?.getTime() ?? 0) > at.getTime());
  return {
    address: canonical,
    status: !row || !heldNow ? "free" : row.assignment.status,
    subscription:
      row?.subscription && row.customer ? { ...row.subscription, customerName: row.customer.name, accountNumber: row.customer.accountNumber } : null,
    releasedAt: row?.assignment.releasedAt ?? null,
    quarantineUntil: row?.assignment.quarantineUntil ?? null,
    poolName: row?.poolName ?? null,
    prefixes: within,
    uses: mergeAddressUses(uses, exactUses),
  };
}

export type AddressConflict = {
  kind: "duplicate" | "unrecorded" | "outside" | "taken" | "unpooled";
  address: string;
  /**
   * The subscriptions involved. "taken": the user first ("" when a lease's or ARP entry's device is nobody's on
   * record), the holder second.
   */
  usernames: string[];
  /** For what a router shows: a session, login, lease or ARP entry, and its device (caller id or MAC). */
  seen?: { source: AddressSource; device: string };
};

/**
 * Conflicts in our records: one address on two subscriptions, a subscription's static IP that IP management does
 * not record as theirs, and static IPs outside every prefix (only when the ISP has recorded prefixes). And against
 * what the routers show in use now (the open address sessions): an address used by someone other than its holder —
 * a subscriber's session or login, a device whose MAC is another subscriber's, or, when the holder's CPE MAC is on
 * record, a device that is not it — and an address outside every pool (only when the ISP has recorded pools; for ARP
 * entries only a subscriber's device, since a router's ARP table also holds its own uplinks).
 */
export async function addressConflicts(db: DbOrTx, { tenantId }: { tenantId: string }): Promise<AddressConflict[]> {
  const [statics, assignments, prefixRows, poolRows, live] = await Promise.all([
    db
      .select({ id: subscriptions.id, username: subscriptions.username, staticIp: subscriptions.staticIp })
      .from(subscriptions)
      .where(and(eq(subscriptions.tenantId, tenantId), isNotNull(subscriptions.staticIp), ne(subscriptions.status, "terminated")))
      .orderBy(asc(subscriptions.username)),
    db
      .select({
        address: ipAssignments.address,
        subscriptionId: ipAssignments.subscriptionId,
        username: subscriptions.username,
        macAddress: subscriptions.macAddress,
      })
      .from(ipAssignments)
      .leftJoin(subscriptions, eq(subscriptions.id, ipAssignments.subscriptionId))
      .where(and(eq(ipAssignments.tenantId, tenantId), eq(ipAssignments.status, "assigned"))),
    db.select({ prefix: ipPrefixes.prefix }).from(ipPrefixes).where(eq(ipPrefixes.tenantId, tenantId)),
    db.select({ range: ipPools.range }).from(ipPools).where(eq(ipPools.tenantId, tenantId)),
    openAddressSessions(db, { tenantId }),
  ]);
  const holderOf = new Map(assignments.map((a) => [a.address, a.subscriptionId]));
  const prefixes = prefixRows.map((p) => (parsePrefix(p.prefix) as { ok: true; prefix: Prefix }).prefix);
  const byAddress = new Map<string, { parsed: Address | null; holders: typeof statics }>();
  for (const s of statics) {
    const parsed = parseAddress(s.staticIp!);
    const key = parsed ? formatAddress(parsed) : s.staticIp!;
    const entry = byAddress.get(key);
    if (entry) entry.holders.push(s);
    else byAddress.set(key, { parsed, holders: [s] });
  }
  const conflicts: AddressConflict[] = [];
  for (const [address, { parsed, holders }] of byAddress) {
    const usernames = holders.map((h) => h.username);
    if (holders.length > 1) conflicts.push({ kind: "duplicate", address, usernames });
    else if (holderOf.get(address) !== holders[0].id) conflicts.push({ kind: "unrecorded", address, usernames });
    if (prefixes.length > 0 && parsed && !prefixes.some((p) => containsAddress(p, parsed))) conflicts.push({ kind: "outside", address, usernames });
  }
  const holders = new Map(assignments.map((a) => [a.address, { username: a.username, mac: a.macAddress ? normalizeMac(a.macAddress) : null }]));
  const ranges = poolRows.map(rangeOf);
  for (const session of live) {
    const seen = { source: session.source, device: session.callerId };
    const holder = holders.get(session.address);
    if (holder?.username) {
      const user = session.username;
      // A device nobody's MAC names is judged only against the holder's MAC on record (sessions always name their user).
      const unknownDevice = user === "" && holder.mac !== null && holder.mac !== session.callerId;
      if ((user !== "" && user !== holder.username) || unknownDevice) {
        conflicts.push({ kind: "taken", address: session.address, usernames: [user, holder.username], seen });
      }
    }
    const parsed = parseAddress(session.address);
    const judged = session.source !== "arp" || session.username !== "";
    if (judged && ranges.length > 0 && parsed && !ranges.some((range) => rangeContains(range, parsed))) {
      conflicts.push({ kind: "unpooled", address: session.address, usernames: session.username ? [session.username] : [], seen });
    }
  }
  return conflicts.sort((a, b) => a.address.localeCompare(b.address, "en", { numeric: true }));
}

export type RouterPool = { id: string; name: string; ranges: string };

/**
 * The IPv4 pools a router carries in its `/ip/pool` (the reconciler's desired state). IPv6 pools are kept in our
 * records only: RouterOS hands IPv6 out from `/ipv6/pool`, prefixes rather than ranges.
 */
export async function poolsOnRouter(db: DbOrTx, { tenantId, routerId }: { tenantId: string; routerId: string }): Promise<RouterPool[]> {
  const rows = await db
    .select({ id: ipPools.id, name: ipPools.name, range: ipPools.range })
    .from(ipPools)
    .where(and(eq(ipPools.tenantId, tenantId), eq(ipPools.routerId, routerId)))
    .orderBy(asc(ipPools.name));
  return rows.filter((row) => rangeOf(row).version === 4).map((row) => ({ id: row.id, name: row.name, ranges: row.range }));
}
