/*
 * PPPoE logins through RADIUS (ROUTEROS.md, RADIUS; MikroTik's /ppp aaa): a user with no enabled local secret that
 * matches is asked of the `/radius` servers of service ppp when `/ppp/aaa use-radius=yes`. An Access-Accept opens the
 * session with what it grants (Framed-IP-Address or an address of Framed-Pool, Mikrotik-Rate-Limit as the dynamic
 * queue, Mikrotik-Address-List, Mikrotik-Group as the profile, Acct-Interim-Interval); an Access-Reject or no answer
 * leaves the CPE offline until it dials again.
 */
import { pppAaa, radiusLog, radiusServers, acctSessionIdOf, nasAttributes } from "./radius-accounting";
import { connectSession, localRefusal, openSession, type ConnectOptions, type ConnectResult, type SessionGrant } from "./ppp-sessions";
import { freePoolAddress, isIpv4 } from "./pools";
import { accessAvailable, allocateId, findRowByName, tableOf, type RadiusAttributeList, type RouterState } from "./router-state";
import { rateLimit } from "./value-types";

export type DialResult = ConnectResult | Promise<ConnectResult>;

/** The MikroTik vendor attributes of a decoded packet (`attributes["Vendor-Specific"]`). */
export function mikrotikAttributes(attributes: Record<string, unknown>): Record<string, unknown> {
  const vendor = attributes["Vendor-Specific"];
  return vendor && typeof vendor === "object" ? (vendor as Record<string, unknown>) : {};
}

/** A Mikrotik-Rate-Limit the router can use (the profile `rate-limit` grammar), else undefined. */
export function validRateLimit(state: RouterState, value: unknown): string | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  const accepted = rateLimit.accept(value, state);
  if (accepted === undefined) radiusLog(state, `ignored Mikrotik-Rate-Limit "${value}": not a rate-limit`);
  return accepted || undefined;
}

/**
 * A subscriber's CPE dials in: with its local secret when one is enabled and matches, else through RADIUS when
 * `/ppp/aaa use-radius=yes` and a ppp server exists (the answer comes later: a promise), else refused as before.
 */
export function dialPppoe(state: RouterState, name: string, options: ConnectOptions): DialResult {
  const refusal = localRefusal(state, name, options.password);
  if (!refusal) return connectSession(state, name, options);
  const transport = state.radius.transport;
  const servers = pppAaa(state).useRadius ? radiusServers(state, "ppp") : [];
  const password = options.password ?? state.radius.cpes.get(name)?.password;
  if (!transport || servers.length === 0 || password === undefined) return { ok: false, reason: refusal };
  if (state.sessions.has(name)) return { ok: false, reason: "already connected" };
  if (!accessAvailable(state)) return { ok: false, reason: "access interface is down" };
  if (state.radius.authenticating.has(name)) return { ok: false, reason: "waiting for the radius server" };
  state.radius.authenticating.add(name);
  // The session's id is taken now: the Access-Request already carries its Acct-Session-Id.
  const activeId = allocateId(state);
  const attributes: RadiusAttributeList = [
    ["User-Name", name],
    ["User-Password", password],
    ["Service-Type", "Framed-User"],
    ["Framed-Protocol", "PPP"],
    ...nasAttributes(state),
    ["Calling-Station-Id", options.callerId],
    ["Acct-Session-Id", acctSessionIdOf(activeId)],
  ];
  return transport.authenticate(servers, attributes).then((answer) => {
    state.radius.authenticating.delete(name);
    if (answer.code === "no-answer") {
      radiusLog(state, `login failed for ${name}: ${answer.reason}`);
      return { ok: false, reason: answer.reason };
    }
    if (answer.code === "Access-Reject") {
      radiusLog(state, `login failed for ${name}: rejected by radius server`);
      return { ok: false, reason: "rejected by radius server" };
    }
    return openSession(state, name, { ...options, password }, grantOf(state, answer.attributes, options.address, activeId));
  });
}

/** What an Access-Accept grants, falling back to the profile it names (Mikrotik-Group) or `default`. */
function grantOf(state: RouterState, attributes: Record<string, unknown>, dialledAddress: string, activeId: string): SessionGrant {
  const vendor = mikrotikAttributes(attributes);
  const group = typeof vendor["Mikrotik-Group"] === "string" ? vendor["Mikrotik-Group"] : "default";
  const profile = findRowByName(state, "ppp/profile", group) ?? findRowByName(state, "ppp/profile", "default");
  const used = new Set(tableOf(state, "ppp/active").map((row) => row.props.address));
  const framed = typeof attributes["Framed-IP-Address"] === "string" ? attributes["Framed-IP-Address"] : undefined;
  const framedPool = typeof attributes["Framed-Pool"] === "string" ? freePoolAddress(state, attributes["Framed-Pool"], used) : undefined;
  const remote = profile?.props["remote-address"] ?? "";
  const fromProfile = isIpv4(remote) ? remote : remote ? freePoolAddress(state, remote, used) : undefined;
  const interim = attributes["Acct-Interim-Interval"];
  const addressList = vendor["Mikrotik-Address-List"];
  return {
    address: framed ?? framedPool ?? fromProfile ?? dialledAddress,
    rateLimit: validRateLimit(state, vendor["Mikrotik-Rate-Limit"]) ?? (profile?.props["rate-limit"] || undefined),
    addressList: typeof addressList === "string" && addressList ? addressList : profile?.props["address-list"] || undefined,
    limitBytesIn: "0",
    limitBytesOut: "0",
    radius: { activeId, interimSeconds: typeof interim === "number" && interim > 0 ? interim : undefined },
  };
}

/** A subscriber only the RADIUS server knows: its CPE dials with this password (auto-dial, `dialPppoe`). */
export function addRadiusCpe(state: RouterState, name: string, password: string): void {
  state.radius.cpes.set(name, { password });
}
