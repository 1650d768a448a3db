/*
 * Changes to live sessions (RFC 5176): after a sync, a session whose rate changed gets a CoA-Request with the new
 * `Mikrotik-Rate-Limit` / address list; one whose group changed (suspended, restored, capped) or whose account
 * changed or went gets a Disconnect-Request, and logs in again into what the tables now say. Sessions are found in
 * radacct (open rows of the NAS), named by User-Name + Acct-Session-Id + Framed-IP-Address. A NAS that does not
 * answer, or answers NAK, is handled by the caller's fallback (the API kick), so no change waits for RADIUS.
 */
import dgram from "node:dgram";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import { radiusAccounting, radiusUserGroup } from "@/lib/radius/schema";
import { decryptForRadius } from "@/lib/radius/crypto";
import { ADDRESS_LIST, RATE_LIMIT } from "@/lib/radius/rows";
import { radiusPackets, signDynamicRequest, verifyDynamicResponse } from "@/lib/routeros/radius-dictionary";
import { routerAddressProblem } from "@/lib/routers/reach";
import { logger } from "@/lib/core/logger";
import type { RadiusNas, RadiusSyncResult } from "@/lib/radius/sync";
import type { DbOrTx } from "@/lib/db/types";

export type NasAnswer = { acked: boolean; code: string; errorCause?: string } | { acked: false; code: "timeout" | "refused"; error: string };

type Attribute = [string, string | number] | ["Vendor-Specific", number, [string, string][]];

/** Sends one CoA or Disconnect request to the NAS and waits for its answer (`tries` × `timeoutMs`). */
export async function sendToNas(
  nas: Pick<RadiusNas, "nasname" | "coaPort" | "secret" | "requireMessageAuth">,
  code: "CoA-Request" | "Disconnect-Request",
  attributes: Attribute[],
  { timeoutMs = 1000, tries = 3 }: { timeoutMs?: number; tries?: number } = {},
): Promise<NasAnswer> {
  const problem = routerAddressProblem(nas.nasname, { port: nas.coaPort, demo: false });
  if (problem) return { acked: false, code: "refused", error: problem };
  const radius = radiusPackets();
  const secret = decryptForRadius(nas.secret);
  const identifier = Math.floor(Math.random() * 256);
  // Signed as RFC 5176 says (the package alone computes the Message-Authenticator and the authenticator in the wrong order).
  const packet = signDynamicRequest(
    radius.encode({ code, secret, identifier, attributes: attributes as never, add_message_authenticator: nas.requireMessageAuth }),
    secret,
  );
  const socket = dgram.createSocket("udp4");
  try {
    return await new Promise<NasAnswer>((resolve) => {
      let sent = 0;
      let timer: NodeJS.Timeout | undefined;
      const send = () => {
        if (sent === tries)
          return resolve({ acked: false, code: "timeout", error: `No answer from ${nas.nasname}:${nas.coaPort} after ${tries} tries.` });
        sent += 1;
        socket.send(packet, nas.coaPort, nas.nasname);
        timer = setTimeout(send, timeoutMs);
      };
      socket.on("message", (message) => {
        try {
          if (!verifyDynamicResponse(message, packet, secret)) return;
          const answer = radius.decode_without_secret({ packet: message });
          clearTimeout(timer);
          const acked = answer.code === "CoA-ACK" || answer.code === "Disconnect-ACK";
          const cause = answer.attributes["Error-Cause"];
          resolve({ acked, code: answer.code, ...(cause !== undefined ? { errorCause: String(cause) } : {}) });
        } catch {
          // Not an answer to us (or not RADIUS): keep waiting.
        }
      });
      socket.on("error", (error) => {
        clearTimeout(timer);
        resolve({ acked: false, code: "refused", error: error.message });
      });
      send();
    });
  } finally {
    socket.close();
  }
}

export type LiveSession = { username: string; acctSessionId: string; framedIp: string | null };

/** The NAS's open sessions of these users (radacct rows without a stop). */
export async function openSessions(
  db: DbOrTx,
  { tenantId, nas, usernames }: { tenantId: string; nas: RadiusNas; usernames: string[] },
): Promise<LiveSession[]> {
  if (usernames.length === 0) return [];
  const rows = await db
    .select({ username: radiusAccounting.username, acctSessionId: radiusAccounting.acctsessionid, framedIp: radiusAccounting.framedipaddress })
    .from(radiusAccounting)
    .where(
      and(
        eq(radiusAccounting.tenantId, tenantId),
        sql`${radiusAccounting.nasipaddress} = ${nas.nasname}::inet`,
        isNull(radiusAccounting.acctstoptime),
        inArray(radiusAccounting.username, usernames),
      ),
    );
  return rows.map((r) => ({ username: r.username ?? "", acctSessionId: r.acctSessionId, framedIp: r.framedIp }));
}

const sessionId = (session: LiveSession): Attribute[] => [
  ["User-Name", session.username],
  ["Acct-Session-Id", session.acctSessionId],
  ...(session.framedIp ? ([["Framed-IP-Address", session.framedIp]] as Attribute[]) : []),
];

export type SessionNotice = { username: string; action: "coa" | "disconnect"; answer: NasAnswer };

/**
 * Tells the NAS about a sync's changes: Disconnect for users whose group or account changed or who are gone, CoA with
 * the new rate for users of a group whose replies changed. Returns what each session was told and how it answered;
 * `fallback` (the API kick) runs for every session the NAS did not acknowledge.
 */
export async function tellLiveSessions(
  db: DbOrTx,
  { tenantId, nas, sync, fallback }: { tenantId: string; nas: RadiusNas; sync: RadiusSyncResult; fallback?: (username: string) => Promise<void> },
): Promise<SessionNotice[]> {
  const disconnect = new Set(sync.users.filter((u) => u.change !== "added").map((u) => u.username));
  const changedGroups = sync.changedGroups;
  const members =
    changedGroups.length === 0
      ? []
      : await db
          .select({ username: radiusUserGroup.username, groupname: radiusUserGroup.groupname })
          .from(radiusUserGroup)
          .where(and(eq(radiusUserGroup.tenantId, tenantId), inArray(radiusUserGroup.groupname, changedGroups)));
  const groupOf = new Map(members.filter((m) => !disconnect.has(m.username)).map((m) => [m.username, m.groupname]));
  const sessions = await openSessions(db, { tenantId, nas, usernames: [...disconnect, ...groupOf.keys()] });
  const notices: SessionNotice[] = [];
  for (const session of sessions) {
    let notice: SessionNotice;
    if (disconnect.has(session.username)) {
      notice = { username: session.username, action: "disconnect", answer: await sendToNas(nas, "Disconnect-Request", sessionId(session)) };
    } else {
      const group = sync.groups.find((g) => g.groupname === groupOf.get(session.username));
      const reply = group?.reply.filter((a) => a.attribute === RATE_LIMIT || a.attribute === ADDRESS_LIST) ?? [];
      notice = {
        username: session.username,
        action: "coa",
        answer: await sendToNas(nas, "CoA-Request", [
          ...sessionId(session),
          ["Vendor-Specific", 14988, reply.map((a) => [a.attribute, a.value] as [string, string])],
        ]),
      };
    }
    notices.push(notice);
    if (!notice.answer.acked && fallback) {
      logger.info(
        { username: session.username, nas: nas.nasname, answer: notice.answer.code },
        "RADIUS change not acknowledged; kicking the session through the API",
      );
      await fallback(session.username).catch((error: unknown) =>
        logger.warn(
          { username: session.username, err: error instanceof Error ? error.message : String(error) },
          "API kick after a RADIUS change failed",
        ),
      );
    }
  }
  return notices;
}
