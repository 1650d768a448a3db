/*
 * The hotspot session model (ROUTEROS.md §4, checklist 20): a login is an `/ip/hotspot/active` row;
 * the user's counters are cumulative across logins; `limit-uptime`, `limit-bytes-in/out/total` log the
 * user out when used up and refuse the next login; the profile's `shared-users` caps concurrent logins.
 */
import {
  addToCounter,
  allocateId,
  findRowByName,
  formatDuration,
  insertRow,
  parseDuration,
  removeRows,
  tableOf,
  type RouterState,
  type Row,
} from "./router-state";

export type HotspotLoginResult = { ok: true; activeId: string } | { ok: false; reason: string };

const counter = (row: Row, property: string) => BigInt(row.props[property] ?? "0");

/** Why `user` may not be online any more (or log in again), or undefined while within its limits. */
export function exhaustedLimit(user: Row): string | undefined {
  const name = user.props.name;
  const limitSeconds = parseDuration(user.props["limit-uptime"] ?? "0s");
  if (limitSeconds > 0 && parseDuration(user.props.uptime ?? "0s") >= limitSeconds) return `user ${name} has reached uptime limit`;
  const bytesIn = counter(user, "bytes-in");
  const bytesOut = counter(user, "bytes-out");
  const limits: [string, bigint][] = [
    ["limit-bytes-in", bytesIn],
    ["limit-bytes-out", bytesOut],
    ["limit-bytes-total", bytesIn + bytesOut],
  ];
  for (const [property, used] of limits) {
    const limit = counter(user, property);
    if (limit > 0n && used >= limit) return `user ${name} has reached traffic limit`;
  }
  return undefined;
}

export function loginHotspotUser(
  state: RouterState,
  userName: string,
  options: { address: string; macAddress: string; password?: string },
): HotspotLoginResult {
  const user = findRowByName(state, "ip/hotspot/user", userName);
  if (!user || (options.password !== undefined && options.password !== (user.props.password ?? ""))) {
    return { ok: false, reason: "invalid username or password" };
  }
  if (user.props.disabled === "true") return { ok: false, reason: "user is disabled" };
  const exhausted = exhaustedLimit(user);
  if (exhausted) return { ok: false, reason: exhausted };
  const profile = findRowByName(state, "ip/hotspot/user/profile", user.props.profile ?? "default");
  const sharedUsers = Number(profile?.props["shared-users"] ?? "1");
  const online = tableOf(state, "ip/hotspot/active").filter((row) => row.props.user === userName).length;
  if (sharedUsers > 0 && online >= sharedUsers) return { ok: false, reason: `no more sessions are allowed for user ${userName}` };
  return openHotspotLogin(state, userName, { ...options, server: user.props.server ?? "all" });
}

export const hotspotQueueName = (user: string) => `<hotspot-${user}>`;

/** An `/ip/hotspot/active` row for a host whose login was accepted (locally, or by RADIUS with `radius`). */
export function openHotspotLogin(
  state: RouterState,
  userName: string,
  options: { address: string; macAddress: string; server: string; radius?: { activeId: string } },
): HotspotLoginResult {
  const activeId = options.radius?.activeId ?? allocateId(state);
  insertRow(state, "ip/hotspot/active", {
    id: activeId,
    props: {
      user: userName,
      server: options.server,
      address: options.address,
      "mac-address": options.macAddress,
      "login-by": "http-chap",
      uptime: "0s",
      "idle-time": "0s",
      "bytes-in": "0",
      "bytes-out": "0",
      "packets-in": "0",
      "packets-out": "0",
      radius: options.radius ? "true" : "false",
    },
  });
  state.hotspotLogins.set(activeId, state.elapsedSeconds);
  return { ok: true, activeId };
}

export function logoutHotspotSession(state: RouterState, activeId: string): void {
  const [active] = removeRows(state, "ip/hotspot/active", (row) => row.id === activeId);
  state.hotspotLogins.delete(activeId);
  // A RADIUS login's dynamic queue and list entry go with it.
  if (active?.props.radius !== "true") return;
  removeRows(state, "queue/simple", (row) => row.props.dynamic === "true" && row.props.name === hotspotQueueName(active.props.user));
  removeRows(state, "ip/firewall/address-list", (row) => row.props.dynamic === "true" && row.props.address === active.props.address && !state.addressListExpiry.has(row.id));
}

/** Moves every logged-in user's counters; users past a limit are logged out. */
export function advanceHotspotSessions(state: RouterState, seconds: number): void {
  const upload = state.defaultTraffic.uploadBytesPerSecond * seconds;
  const download = state.defaultTraffic.downloadBytesPerSecond * seconds;
  for (const active of [...tableOf(state, "ip/hotspot/active")]) {
    active.props.uptime = formatDuration(state.elapsedSeconds - (state.hotspotLogins.get(active.id) ?? state.elapsedSeconds));
    addToCounter(active, "bytes-in", upload);
    addToCounter(active, "bytes-out", download);
    addToCounter(active, "packets-in", upload / 1000);
    addToCounter(active, "packets-out", download / 1000);
    const user = findRowByName(state, "ip/hotspot/user", active.props.user);
    if (!user) continue;
    const usedSeconds = parseDuration(user.props.uptime ?? "0s") + seconds;
    user.props.uptime = formatDuration(usedSeconds);
    addToCounter(user, "bytes-in", upload);
    addToCounter(user, "bytes-out", download);
    addToCounter(user, "packets-in", upload / 1000);
    addToCounter(user, "packets-out", download / 1000);
    const limitSeconds = parseDuration(user.props["limit-uptime"] ?? "0s");
    if (limitSeconds > 0) active.props["session-time-left"] = formatDuration(Math.max(0, limitSeconds - usedSeconds));
    if (exhaustedLimit(user)) logoutHotspotSession(state, active.id);
  }
}
