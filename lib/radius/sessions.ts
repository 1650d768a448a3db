/*
 * A subscriber's RADIUS sessions and login attempts as support staff read them: what FreeRADIUS wrote to radacct
 * (start, interim, stop) and radpostauth (each Access-Accept or Access-Reject), for one ISP's user name. The answer
 * to "was I online last night, from which address, why did it drop, why can't I log in".
 */
import { isIP } from "node:net";
import { and, desc, eq, sql } from "drizzle-orm";
import { radiusAccounting, radiusAccountingArchive, radiusNas, radiusPostAuth } from "@/lib/radius/schema";
import { listRouters } from "@/lib/routers/service";
import type { DbOrTx } from "@/lib/db/types";

export type RadiusSession = {
  id: number;
  startedAt: Date | null;
  /** Null while the session is open. */
  endedAt: Date | null;
  /** The last the router said of it (interim update or stop). */
  lastHeardAt: Date | null;
  seconds: number | null;
  address: string | null;
  /** The router's name where the NAS is still known, else its address. */
  router: string;
  /** The subscriber's device (Calling-Station-Id: its MAC for PPPoE and hotspot). */
  device: string | null;
  /** From the subscriber's side: download is what the router sent to them (Acct-Output-Octets). */
  downloadBytes: number;
  uploadBytes: number;
  endedBecause: string | null;
};

export type RadiusLoginAttempt = { at: Date; accepted: boolean; device: string | null };

/** RFC 2866's Acct-Terminate-Cause values (and our Stale-Session) in words for support staff. */
const TERMINATE_CAUSES: Record<string, string> = {
  "User-Request": "the subscriber's device hung up",
  "Lost-Carrier": "the line dropped",
  "Lost-Service": "the service was lost",
  "Idle-Timeout": "idle too long",
  "Session-Timeout": "its time limit was reached",
  "Admin-Reset": "disconnected by staff or NetSphere",
  "Admin-Reboot": "the router was restarted",
  "NAS-Reboot": "the router restarted",
  "NAS-Request": "the router ended it",
  "NAS-Error": "the router reported an error",
  "Port-Error": "a port error",
  "Port-Unneeded": "the port was no longer needed",
  "Port-Preempted": "another session took the port",
  "Service-Unavailable": "the service was unavailable",
  Callback: "callback",
  "User-Error": "a login error",
  "Host-Request": "the host ended it",
  "Stale-Session": "the router stopped reporting it (closed by NetSphere)",
};

export const terminateCauseInWords = (cause: string | null): string | null => (cause ? (TERMINATE_CAUSES[cause] ?? cause) : null);

/** The latest sessions of one user in radacct or its archive, newest start first (open ones first in radacct). */
function latestSessions(
  db: DbOrTx,
  a: typeof radiusAccounting | typeof radiusAccountingArchive,
  { tenantId, username, limit }: { tenantId: string; username: string; limit: number },
) {
  return db
    .select({
      id: a.radacctid,
      startedAt: a.acctstarttime,
      endedAt: a.acctstoptime,
      updatedAt: a.acctupdatetime,
      seconds: a.acctsessiontime,
      address: sql<string | null>`host(${a.framedipaddress})`,
      nas: sql<string>`host(${a.nasipaddress})`,
      routerId: sql<
        string | null
      >`(select n.router_id from ${radiusNas} n where n.tenant_id = ${a.tenantId} and n.nasname = host(${a.nasipaddress}) limit 1)`,
      device: a.callingstationid,
      input: a.acctinputoctets,
      output: a.acctoutputoctets,
      cause: a.acctterminatecause,
    })
    .from(a)
    .where(and(eq(a.tenantId, tenantId), eq(a.username, username)))
    .orderBy(sql`${a.acctstoptime} is not null`, desc(a.acctstarttime), desc(a.radacctid))
    .limit(limit);
}

/** The user's latest sessions, open ones first, then by start (newest first), from radacct and its archive. */
export async function radiusSessionsOf(
  db: DbOrTx,
  { tenantId, username, limit = 10 }: { tenantId: string; username: string; limit?: number },
): Promise<RadiusSession[]> {
  const recent = await latestSessions(db, radiusAccounting, { tenantId, username, limit });
  // Archived sessions all ended before any still in radacct ended; they are read only to fill the page.
  const archived =
    recent.length < limit ? await latestSessions(db, radiusAccountingArchive, { tenantId, username, limit: limit - recent.length }) : [];
  const rows = [...recent, ...archived];
  const names = rows.some((row) => row.routerId)
    ? new Map((await listRouters(db, { tenantId })).map((r) => [r.id, r.name]))
    : new Map<string, string>();
  return rows.map((row) => ({
    id: row.id,
    startedAt: row.startedAt,
    endedAt: row.endedAt,
    lastHeardAt: row.endedAt ?? row.updatedAt ?? row.startedAt,
    seconds: row.seconds,
    address: row.address,
    router: (row.routerId && names.get(row.routerId)) || row.nas,
    device: row.device || null,
    downloadBytes: Number(row.output ?? 0),
    uploadBytes: Number(row.input ?? 0),
    endedBecause: row.endedAt ? terminateCauseInWords(row.cause) : null,
  }));
}

/** The user's latest logins, accepted or rejected (FreeRADIUS's post-auth log; no password is ever stored). */
export async function radiusLoginAttemptsOf(
  db: DbOrTx,
  { tenantId, username, limit = 5 }: { tenantId: string; username: string; limit?: number },
): Promise<RadiusLoginAttempt[]> {
  const p = radiusPostAuth;
  const rows = await db
    .select({ at: p.authdate, reply: p.reply, device: p.callingstationid })
    .from(p)
    .where(and(eq(p.tenantId, tenantId), eq(p.username, username)))
    .orderBy(desc(p.authdate), desc(p.id))
    .limit(limit);
  return rows.map((row) => ({ at: row.at, accepted: row.reply === "Access-Accept", device: row.device || null }));
}

/** What IP management's "who had this address" shows of a RADIUS session (ipam's `AddressUse`). */
export type RadiusAddressUse = {
  source: "ppp" | "hotspot";
  username: string;
  routerId: string;
  callerId: string;
  startedAt: Date;
  endedAt: Date | null;
};

/**
 * Who had `address` by RADIUS accounting: the sessions FreeRADIUS recorded with it as Framed-IP-Address (radacct and
 * its archive), open at `at` when given, else the latest. Exact to the second (Start and Stop), and known even when
 * the router's API is out of reach; sessions of a NAS no longer on record are left out (no router to name).
 */
export async function radiusAddressUses(
  db: DbOrTx,
  { tenantId, address, at, limit = 20 }: { tenantId: string; address: string; at?: Date; limit?: number },
): Promise<RadiusAddressUse[]> {
  if (!isIP(address)) return [];
  const read = (a: typeof radiusAccounting | typeof radiusAccountingArchive) =>
    db
      .select({
        username: a.username,
        nasporttype: a.nasporttype,
        routerId: sql<
          string | null
        >`(select n.router_id from ${radiusNas} n where n.tenant_id = ${a.tenantId} and n.nasname = host(${a.nasipaddress}) limit 1)`,
        callerId: a.callingstationid,
        startedAt: a.acctstarttime,
        endedAt: a.acctstoptime,
      })
      .from(a)
      .where(
        and(
          eq(a.tenantId, tenantId),
          sql`${a.framedipaddress} = ${address}::inet`,
          at ? sql`${a.acctstarttime} <= ${at.toISOString()}::timestamptz` : undefined,
          at ? sql`(${a.acctstoptime} is null or ${a.acctstoptime} > ${at.toISOString()}::timestamptz)` : undefined,
        ),
      )
      .orderBy(desc(a.acctstarttime))
      .limit(limit);
  const rows = (await Promise.all([read(radiusAccounting), read(radiusAccountingArchive)])).flat();
  return rows
    .filter((row): row is typeof row & { routerId: string; startedAt: Date } => row.routerId !== null && row.startedAt !== null)
    .map((row) => ({
      source: row.nasporttype === "Wireless-802.11" ? ("hotspot" as const) : ("ppp" as const),
      username: row.username ?? "",
      routerId: row.routerId,
      callerId: row.callerId ?? "",
      startedAt: row.startedAt,
      endedAt: row.endedAt,
    }))
    .sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime())
    .slice(0, limit);
}
