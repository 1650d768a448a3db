/*
 * What `/radius/incoming` does with a verified CoA-Request or Disconnect-Request (RFC 5176): find the live PPPoE
 * session the packet names (every one of User-Name, Acct-Session-Id and Framed-IP-Address it carries must match),
 * then change it (Mikrotik-Rate-Limit → its dynamic queue, Mikrotik-Address-List → its list entry) or end it
 * (Admin-Reset, with the accounting Stop). No such session: a NAK with Error-Cause Session-Context-Not-Found.
 */
import { kickSession, setSessionAddressList, setSessionRateLimit } from "./ppp-sessions";
import { acctSessionIdOf } from "./radius-accounting";
import { mikrotikAttributes, validRateLimit } from "./radius-auth";
import type { PppSession, RadiusAttributeList, RouterState } from "./router-state";

export type DynamicReply = { code: string; attributes: RadiusAttributeList };

const IDENTIFYING = ["User-Name", "Acct-Session-Id", "Framed-IP-Address"] as const;

/** The session every identifying attribute of the packet matches; none when it names none. */
export function sessionNamedBy(state: RouterState, attributes: Record<string, unknown>): PppSession | undefined {
  const given = IDENTIFYING.filter((name) => typeof attributes[name] === "string");
  if (given.length === 0) return undefined;
  const valueOf = (session: PppSession, name: (typeof IDENTIFYING)[number]) =>
    name === "User-Name"
      ? session.name
      : name === "Framed-IP-Address"
        ? session.address
        : (session.accounting?.sessionId ?? acctSessionIdOf(session.activeId));
  return [...state.sessions.values()].find((session) => given.every((name) => valueOf(session, name) === attributes[name]));
}

/** The answer to a decoded dynamic-authorization request, or undefined for a packet that gets none. */
export function answerDynamicRequest(state: RouterState, packet: { code: string; attributes: Record<string, unknown> }): DynamicReply | undefined {
  const kind = packet.code === "CoA-Request" ? "CoA" : packet.code === "Disconnect-Request" ? "Disconnect" : undefined;
  if (!kind) return undefined;
  const session = sessionNamedBy(state, packet.attributes);
  if (!session) return { code: `${kind}-NAK`, attributes: [["Error-Cause", "Session-Context-Not-Found"]] };
  if (kind === "Disconnect") {
    kickSession(state, session.activeId, "administrative-disconnect");
    return { code: "Disconnect-ACK", attributes: [] };
  }
  const vendor = mikrotikAttributes(packet.attributes);
  if ("Mikrotik-Rate-Limit" in vendor) {
    const rateLimit = validRateLimit(state, vendor["Mikrotik-Rate-Limit"]);
    if (rateLimit === undefined) return { code: "CoA-NAK", attributes: [["Error-Cause", "Invalid-Attribute-Value"]] };
    setSessionRateLimit(state, session.name, rateLimit);
  }
  const addressList = vendor["Mikrotik-Address-List"];
  if (typeof addressList === "string") setSessionAddressList(state, session.address, addressList || undefined);
  return { code: "CoA-ACK", attributes: [] };
}
