/*
 * Address history from the routers: after each poll, the PPP sessions a router reports (`/ppp/active`: name,
 * address, caller id) are compared with the sessions this process last recorded for it; when they differ (or the
 * process has not recorded the router yet) one statement opens the new ones and closes the vanished ones. Nothing is
 * written while a router's sessions stay the same.
 */
import "server-only";
import { and, desc, eq, gt, isNull, lte, or, sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/lib/db/types";
import { logger } from "@/lib/core/logger";
import { formatAddress, parseAddress } from "./prefix";
import { addressSessions } from "./schema";

export type PppSessionReading = { name: string; address: string; callerId: string };

/** The sessions this process last recorded as open on each router ("username address" keys). */
const openByRouter = new Map<string, Set<string>>();

const keyOf = (s: { username: string; address: string }) => `${s.username}\u0000${s.address}`;

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
  { tenantId, routerId, at, sessions }: { tenantId: string; routerId: string; at: Date; sessions: PppSessionReading[] },
): Promise<{ written: boolean }> {
  const current = new Map<string, { username: string; address: string; callerId: string }>();
  for (const session of sessions) {
    const parsed = parseAddress(session.address);
    if (!parsed || !session.name) continue;
    const row = { username: session.name, address: formatAddress(parsed), callerId: session.callerId };
    current.set(keyOf(row), row);
  }
  const known = openByRouter.get(routerId);
  if (known && known.size === current.size && [...current.keys()].every((key) => known.has(key))) return { written: false };
  try {
    const rows = [...current.values()];
    const list = rows.length > 0 ? sql.join(rows.map((r) => sql`(${r.username}::text, ${r.address}::text, ${r.callerId}::text)`), sql`, `) : null;
    const reported = list ? sql`(values ${list}) as c(username, address, caller_id)` : sql`(select null::text as username, null::text as address, null::text as caller_id where false) as c`;
    await db.execute(sql`
      with closed as (
        update address_sessions set ended_at = ${at.toISOString()}::timestamptz
        where router_id = ${routerId} and ended_at is null
          and not exists (select 1 from ${reported} where c.username = address_sessions.username and c.address = address_sessions.address)
      )
      insert into address_sessions (tenant_id, router_id, username, address, caller_id, started_at)
      select ${tenantId}::uuid, ${routerId}::uuid, c.username, c.address, c.caller_id, ${at.toISOString()}::timestamptz
      from ${reported}
      where not exists (
        select 1 from address_sessions a
        where a.router_id = ${routerId} and a.ended_at is null and a.username = c.username and a.address = c.address)`);
    openByRouter.set(routerId, new Set(current.keys()));
    return { written: true };
  } catch (error) {
    openByRouter.delete(routerId);
    logger.error({ err: error, routerId }, "recording address sessions failed");
    return { written: false };
  }
}

export type AddressUse = { username: string; routerId: string; callerId: string; startedAt: Date; endedAt: Date | null };

/** Who used the address: at one instant (sessions open then), or the latest uses when no instant is given. */
export async function addressHistory(db: DbOrTx, { tenantId, address, at, limit = 20 }: { tenantId: string; address: string; at?: Date; limit?: number }): Promise<AddressUse[]> {
  const parsed = parseAddress(address);
  if (!parsed) return [];
  return db
    .select({
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

/** Every session open now on the ISP's routers, for the conflict check. */
export async function openAddressSessions(db: DbOrTx, { tenantId }: { tenantId: string }) {
  return db
    .select({ username: addressSessions.username, address: addressSessions.address, routerId: addressSessions.routerId })
    .from(addressSessions)
    .where(and(eq(addressSessions.tenantId, tenantId), isNull(addressSessions.endedAt)));
}
