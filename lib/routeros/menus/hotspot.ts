/*
 * `/ip/hotspot/user`, `/ip/hotspot/user/profile`, `/ip/hotspot/active` (ROUTEROS.md §4). Users' counters
 * are cumulative; removing the active row logs the user out (and drops the MAC cookie).
 */
import type { RouterOsApi } from "../api";
import {
  countOrUnlimited,
  counter,
  duration,
  flag,
  key,
  rateLimit,
  ro,
  rw,
  text,
  writeCountOrUnlimited,
  writeCounter,
  writeDuration,
  writeFlag,
  writeYesNo,
  type InputOf,
  type RowOf,
} from "./fields";
import { readOnlyMenu, writableMenu } from "./menu";
import { endSessions } from "./ppp";

const same = (value: string) => value;

const hotspotUserFields = {
  id: key(".id", text),
  name: key("name", text, same),
  password: rw("password", text, same),
  profile: rw("profile", text, same),
  server: rw("server", text, same),
  macAddress: rw("mac-address", text, same),
  address: rw("address", text, same),
  /** 0 = unlimited. */
  limitUptime: rw("limit-uptime", duration, writeDuration),
  limitBytesIn: rw("limit-bytes-in", counter, writeCounter),
  limitBytesOut: rw("limit-bytes-out", counter, writeCounter),
  limitBytesTotal: rw("limit-bytes-total", counter, writeCounter),
  email: rw("email", text, same),
  routes: rw("routes", text, same),
  comment: rw("comment", text, same),
  disabled: rw("disabled", flag, writeFlag),
  uptime: ro("uptime", duration),
  bytesIn: ro("bytes-in", counter),
  bytesOut: ro("bytes-out", counter),
  packetsIn: ro("packets-in", counter),
  packetsOut: ro("packets-out", counter),
};
export type HotspotUser = RowOf<typeof hotspotUserFields>;
export type HotspotUserInput = InputOf<typeof hotspotUserFields>;
export const hotspotUsers = writableMenu("/ip/hotspot/user", hotspotUserFields, ["name"]);

const hotspotUserProfileFields = {
  id: key(".id", text),
  name: key("name", text, same),
  rateLimit: rw("rate-limit", rateLimit, same),
  /** null = unlimited. */
  sharedUsers: rw("shared-users", countOrUnlimited, writeCountOrUnlimited),
  sessionTimeout: rw("session-timeout", duration, writeDuration),
  idleTimeout: rw("idle-timeout", duration, writeDuration),
  keepaliveTimeout: rw("keepalive-timeout", duration, writeDuration),
  addressPool: rw("address-pool", text, same),
  addressList: rw("address-list", text, same),
  parentQueue: rw("parent-queue", text, same),
  insertQueueBefore: rw("insert-queue-before", text, same),
  addMacCookie: rw("add-mac-cookie", flag, writeYesNo),
  macCookieTimeout: rw("mac-cookie-timeout", duration, writeDuration),
  onLogin: rw("on-login", text, same),
  onLogout: rw("on-logout", text, same),
  statusAutorefresh: rw("status-autorefresh", duration, writeDuration),
  default: ro("default", flag),
};
export type HotspotUserProfile = RowOf<typeof hotspotUserProfileFields>;
export type HotspotUserProfileInput = InputOf<typeof hotspotUserProfileFields>;
export const hotspotUserProfiles = writableMenu("/ip/hotspot/user/profile", hotspotUserProfileFields, ["name"]);

const hotspotActiveFields = {
  id: key(".id", text),
  user: key("user", text),
  server: ro("server", text),
  address: ro("address", text),
  macAddress: ro("mac-address", text),
  loginBy: ro("login-by", text),
  uptime: ro("uptime", duration),
  idleTime: ro("idle-time", duration),
  sessionTimeLeft: ro("session-time-left", duration),
  idleTimeout: ro("idle-timeout", duration),
  keepaliveTimeout: ro("keepalive-timeout", duration),
  bytesIn: ro("bytes-in", counter),
  bytesOut: ro("bytes-out", counter),
  packetsIn: ro("packets-in", counter),
  packetsOut: ro("packets-out", counter),
  limitBytesIn: ro("limit-bytes-in", counter),
  limitBytesOut: ro("limit-bytes-out", counter),
  limitBytesTotal: ro("limit-bytes-total", counter),
};
export type HotspotActive = RowOf<typeof hotspotActiveFields>;
export const hotspotActive = readOnlyMenu("/ip/hotspot/active", hotspotActiveFields);

/** Logs `user` out everywhere (all shared logins); `no such item` counts as done. Resolves with how many logins ended. */
export async function kickHotspotSession(api: RouterOsApi, user: string): Promise<number> {
  const { rows } = await api.write("/ip/hotspot/active/print", { ".proplist": ".id" }, [`?user=${user}`]);
  return endSessions(api, "/ip/hotspot/active/remove", rows);
}
