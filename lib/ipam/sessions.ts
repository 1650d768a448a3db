/*
 * Address history from the routers: after each poll, the PPP sessions a router reports (`/ppp/active`: name,
 * address, caller id) are compared with the sessions this process knows to be open on it; new ones are inserted and
 * vanished ones closed. Nothing is written while a router's sessions stay the same. A process that has not seen the
 * router yet reads its open rows once.
 */
import "server-only";
import { and, eq, inArray, isNull, lte, or, gt, desc } from "drizzle-orm";
import type { Db, DbOrTx } from "@/lib/db/types";
import { logger } from "@/lib/core/logger";
import { formatAddress, parseAddress } from "./prefix";
import { addressSessions } from "./schema";

export type PppSessionReading = { name: string; address: string; callerId: string };

/** Open sessions per router as this process last wrote or read them: key → row id. */
const openByRouter = new Map<string, Map<string, string>>();

const keyOf = (s: { username: string; address: string }) => `${s.username}\u0000${s.address}`;

export function forgetAddressSessions(routerId?: string) {
  if (routerId) openByRouter.delete(routerId);
  else openByRouter.clear();
}

async function openSessions(db: DbOrTx, routerId: string): Promise<Map<string, string>> {
  const known = openByRouter.get(routerId);
  if (known) return known;
  const rows = await db
    .select({ id: addressSessions.id, username: addressSessions.username, address: addressSessions.address })
    .from(addressSessions)
    .where(and(eq(addressSessions.routerId, routerId), isNull(addressSessions.endedAt)));
  return new Map(rows.map((row) => [keyOf(row), row.id]));
}

/** Records what changed since the router's last poll. Never throws: address history must not fail a poll. */
export async function recordAddressSessions(
  db: Db,
  { tenantId, routerId, at, sessions }: { tenantId: string; routerId: string; at: Date; sessions: PppSessionReading[] },
): Promise<{ started: number; ended: number }> {
  try {
    const open = await openSessions(db, routerId);
    const now = new Map<string, { username: string; address: string; callerId: string }>();
    for (const session of sessions) {
      const parsed = parseAddress(session.address);
      if (!parsed || !session.name) continue;
      const row = { username: session.name, address: formatAddress(parsed), callerId: session.callerId };
      now.set(keyOf(row), row);
    }
    const started = [...now.entries()].filter(([key]) => !open.has(key));
    const ended = [...open.entries()].filter(([key]) => !now.has(key));
    if (started.length === 0 && ended.length === 0) {
      openByRouter.set(routerId, open);
      return { started: 0, ended: 0 };
    }
    const next = new Map(open);
    if (ended.length > 0) {
      await db
        .update(addressSessions)
        .set({ endedAt: at })
        .where(
          inArray(
            addressSessions.id,
            ended.map(([, id]) => id),
          ),
        );
      for (const [key] of ended) next.delete(key);
    }
    if (started.length > 0) {
      const rows = await db
        .insert(addressSessions)
        .values(started.map(([, s]) => ({ tenantId, routerId, username: s.username, address: s.address, callerId: s.callerId, startedAt: at })))
        .returning({ id: addressSessions.id, username: addressSessions.username, address: addressSessions.address });
      for (const row of rows) next.set(keyOf(row), row.id);
    }
    openByRouter.set(routerId, next);
    return { started: started.length, ended: ended.length };
  } catch (error) {
    openByRouter.delete(routerId);
    logger.error({ err: error, routerId }, "recording address sessions failed");
    return { started: 0, ended: 0 };
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
