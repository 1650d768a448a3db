/*
 * Address history from the routers: after each poll, the addresses a router shows in use are compared with what this
 * process last recorded for it; when they differ (or the process has not recorded the router yet) one statement opens
 * the new ones and closes the vanished ones. Nothing is written while a router's view stays the same.
 *
 * What counts as "in use" (`addressReadings`): PPP sessions (`/ppp/active`: name, address, caller id) and hotspot
 * logins (`/ip/hotspot/active`) name the subscriber; bound DHCP leases and complete ARP entries name a device by its
 * MAC, which names the subscriber whose CPE MAC is on record. An address a session or login already explains is not
 * recorded again from the lease or ARP table (the same device, seen twice).
 */
import "server-only";
import { and, desc, eq, gt, isNull, lte, or, sql, type SQL } from "drizzle-orm";
import { rowsOf } from "@/lib/db/bulk";
import type { Db, DbOrTx } from "@/lib/db/types";
import { logger } from "@/lib/core/logger";
import { formatAddress, parseAddress } from "./prefix";
import { addressSessions } from "./schema";
import type { AddressSource } from "./values";

export type PppSessionReading = { name: string; address: string; callerId: string };
export type HotspotAddressReading = { user: string; address: string; macAddress: string };
/** A DHCP lease (bound ones only) or an ARP entry (complete ones only): an address and the device's MAC. */
export type DeviceAddressReading = { address: string; macAddress: string };

export type AddressReading = { source: AddressSource; username: string; address: string; callerId: string };

/** "aa-bb-cc-dd-ee-ff" and "AA:BB:CC:DD:EE:FF" alike, so a MAC typed on a subscription matches the router's. */
export const normalizeMac = (mac: string) => mac.trim().toUpperCase().replaceAll("-", ":");

/**
 * One router's addresses in use, by precedence: sessions and logins, then leases, then ARP, each address once.
 * `subscriberByMac` names the subscriber for a lease or ARP entry (normalized MAC → username).
 */
export function addressReadings(
  seen: { ppp: PppSessionReading[]; hotspot: HotspotAddressReading[]; dhcp: DeviceAddressReading[]; arp: DeviceAddressReading[] },
  subscriberByMac: ReadonlyMap<string, string>,
): AddressReading[] {
  const claimed = new Set<string>();
  const readings: AddressReading[] = [];
  const add = (source: AddressSource, username: string, address: string, callerId: string) => {
    const parsed = parseAddress(address);
    if (!parsed) return;
    const canonical = formatAddress(parsed);
    if (claimed.has(canonical)) return;
    claimed.add(canonical);
    readings.push({ source, username, address: canonical, callerId });
  };
  for (const session of seen.ppp) if (session.name) add("ppp", session.name, session.address, session.callerId);
  for (const login of seen.hotspot) if (login.user) add("hotspot", login.user, login.address, normalizeMac(login.macAddress));
  for (const source of ["dhcp", "arp"] as const) {
    for (const device of seen[source]) {
      const mac = normalizeMac(device.macAddress);
      if (mac) add(source, subscriberByMac.get(mac) ?? "", device.address, mac);
    }
  }
  return readings;
}

/** The sessions this process last recorded as open on each router ("username address" keys). */
const openByRouter = new Map<string, Set<string>>();

const keyOf = (s: AddressReading) => [s.source, s.username, s.address, s.callerId].join("\u0000");

export function forgetAddressSessions(routerId?: string) {
  if (routerId) openByRouter.delete(routerId);
  else openByRouter.clear();
}

/**
 * Records what changed since the router's last poll, in one statement: open rows no longer reported are closed,
 * reported sessions without an open row are opened. Skipped while the sessions are the ones this process last
 * recorded. Never throws: address history must not fail a poll.
 */
export async function recordAddressSessions(
  db: Db,
  { tenantId, routerId, at, sessions }: { tenantId: string; routerId: string; at: Date; sessions: AddressReading[] },
): Promise<{ written: boolean }> {
  const current = new Map(sessions.map((reading) => [keyOf(reading), reading]));
  const known = openByRouter.get(routerId);
  if (known && known.size === current.size && [...current.keys()].every((key) => known.has(key))) return { written: false };
  try {
    const rows = [...current.values()];
    const list =
      rows.length > 0
        ? sql.join(
            rows.map((r) => sql`(${r.source}::text, ${r.username}::text, ${r.address}::text, ${r.callerId}::text)`),
            sql`, `,
          )
        : null;
    const reported = list
      ? sql`(values ${list}) as c(source, username, address, caller_id)`
      : sql`(select null::text as source, null::text as username, null::text as address, null::text as caller_id where false) as c`;
    const same = (row: string) =>
      sql.raw(`c.source = ${row}.source and c.username = ${row}.username and c.address = ${row}.address and c.caller_id = ${row}.caller_id`);
    await db.execute(sql`
      with closed as (
        update address_sessions set ended_at = ${at.toISOString()}::timestamptz
        where router_id = ${routerId} and ended_at is null
          and not exists (select 1 from ${reported} where ${same("address_sessions")})
      )
      insert into address_sessions (tenant_id, router_id, source, username, address, caller_id, started_at)
      select ${tenantId}::uuid, ${routerId}::uuid, c.source, c.username, c.address, c.caller_id, ${at.toISOString()}::timestamptz
      from ${reported}
      where not exists (
        select 1 from address_sessions a
        where a.router_id = ${routerId} and a.ended_at is null and ${same("a")})`);
    openByRouter.set(routerId, new Set(current.keys()));
    return { written: true };
  } catch (error) {
    openByRouter.delete(routerId);
    logger.error({ err: error, routerId }, "recording address sessions failed");
    return { written: false };
  }
}

export type AddressUse = { source: AddressSource; username: string; routerId: string; callerId: string; startedAt: Date; endedAt: Date | null };

/** Who used the address: at one instant (sessions open then), or the latest uses when no instant is given. */
export async function addressHistory(
  db: DbOrTx,
  { tenantId, address, at, limit = 20 }: { tenantId: string; address: string; at?: Date; limit?: number },
): Promise<AddressUse[]> {
  const parsed = parseAddress(address);
  if (!parsed) return [];
  return db
    .select({
      source: addressSessions.source,
      username: addressSessions.username,
      routerId: addressSessions.routerId,
      callerId: addressSessions.callerId,
      startedAt: addressSessions.startedAt,
      endedAt: addressSessions.endedAt,
    })
    .from(addressSessions)
    .where(
      and(
        eq(addressSessions.tenantId, tenantId),
        eq(addressSessions.address, formatAddress(parsed)),
        at ? lte(addressSessions.startedAt, at) : undefined,
        at ? or(isNull(addressSessions.endedAt), gt(addressSessions.endedAt, at)) : undefined,
      ),
    )
    .orderBy(desc(addressSessions.startedAt))
    .limit(limit);
}

/**
 * The routers' uses of an address from the polls, with another source's uses of it (RADIUS accounting): a session
 * both saw is kept once, as the other source says it (its start and stop are exact; a poll's are up to a poll late).
 * Newest first. Pure.
 */
export function mergeAddressUses(polled: readonly AddressUse[], exact: readonly AddressUse[], limit = 20): AddressUse[] {
  const overlaps = (a: AddressUse, b: AddressUse) =>
    a.username === b.username &&
    a.routerId === b.routerId &&
    a.startedAt.getTime() <= (b.endedAt?.getTime() ?? Infinity) &&
    b.startedAt.getTime() <= (a.endedAt?.getTime() ?? Infinity);
  const kept = polled.filter((use) => !exact.some((other) => overlaps(use, other)));
  return [...kept, ...exact].sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime()).slice(0, limit);
}

/** Every session open now on the ISP's routers, for the conflict check. */
export async function openAddressSessions(db: DbOrTx, { tenantId }: { tenantId: string }) {
  return db
    .select({
      source: addressSessions.source,
      username: addressSessions.username,
      address: addressSessions.address,
      callerId: addressSessions.callerId,
      routerId: addressSessions.routerId,
    })
    .from(addressSessions)
    .where(and(eq(addressSessions.tenantId, tenantId), isNull(addressSessions.endedAt)));
}

const HOUR_MS = 3_600_000;
/** Sessions that name a subscriber (a lease or ARP entry coming and going is a device, not a disconnect). */
const SUBSCRIBER_SOURCES = sql.raw(`('ppp', 'hotspot')`);
const hourOf = (column: string) => sql.raw(`date_bin('1 hour', ${column}, timestamptz '2000-01-01 00:00:00+00')`);

/**
 * Per subscription and hour in [from, to) (both on the hour), how many of its PPPoE or hotspot sessions ended: each
 * closed row is a disconnect the poller saw. Hours without one are rows of 0, for every subscription with at least
 * one in the range (`atLeast`: in some hour of the range; default 1); with `one` (its router and subscription id as SQL
 * expressions, e.g. a lateral join's columns),
 * every hour of that subscription alone, through the ended-at index on (router, username) and the subscriptions' key
 * (the id compared as a uuid: as text, each series scanned every subscription). Columns router_id,
 * object_id (the subscription id as text), t (the hour), v (the count): a series the anomaly detector reads.
 */
export function disconnectsByHourSql(
  tenantId: string,
  from: Date,
  to: Date,
  one?: { routerId: SQL; objectId: SQL },
  { atLeast = 1 }: { atLeast?: number } = {},
): SQL {
  const hours = sql`generate_series(${from.toISOString()}::timestamptz, ${new Date(to.getTime() - HOUR_MS).toISOString()}::timestamptz, interval '1 hour') as h(t)`;
  const range = sql`a.ended_at >= ${from.toISOString()}::timestamptz and a.ended_at < ${to.toISOString()}::timestamptz`;
  if (one) {
    return sql`
      select s.router_id, s.id::text as object_id, h.t, coalesce(d.n, 0)::float8 as v
      from subscriptions s
      cross join ${hours}
      left join (
        select ${hourOf("a.ended_at")} as t, count(*) as n
        from address_sessions a
        where a.tenant_id = ${tenantId} and a.router_id = ${one.routerId}
          and a.username = (select username from subscriptions where tenant_id = ${tenantId} and id = (${one.objectId})::uuid)
          and a.source in ${SUBSCRIBER_SOURCES} and a.ended_at is not null and ${range}
        group by 1
      ) d on d.t = h.t
      where s.tenant_id = ${tenantId} and s.id = (${one.objectId})::uuid and s.router_id = ${one.routerId}`;
  }
  return sql`
    with d as (
      select s.router_id, s.id::text as object_id, ${hourOf("a.ended_at")} as t, count(*) as n
      from address_sessions a
      join subscriptions s on s.tenant_id = ${tenantId} and s.router_id = a.router_id and s.username = a.username
      where a.tenant_id = ${tenantId} and a.source in ${SUBSCRIBER_SOURCES} and a.ended_at is not null and ${range}
      group by 1, 2, 3
    )
    select k.router_id, k.object_id, h.t, coalesce(d.n, 0)::float8 as v
    from (select distinct router_id, object_id from d where n >= ${atLeast}) k
    cross join ${hours}
    left join d on d.router_id = k.router_id and d.object_id = k.object_id and d.t = h.t`;
}

export type HourlyDisconnects = { routerId: string; subscriptionId: string; hour: Date; disconnects: number };

/** `disconnectsByHourSql`'s rows, in order of subscription and hour. */
export async function disconnectsByHour(db: DbOrTx, { tenantId, from, to }: { tenantId: string; from: Date; to: Date }): Promise<HourlyDisconnects[]> {
  const rows = rowsOf<{ router_id: string; object_id: string; t: Date | string; v: number | string }>(
    await db.execute(sql`select * from (${disconnectsByHourSql(tenantId, from, to)}) d order by router_id, object_id, t`),
  );
  return rows.map((row) => ({ routerId: row.router_id, subscriptionId: row.object_id, hour: new Date(row.t), disconnects: Number(row.v) }));
}
