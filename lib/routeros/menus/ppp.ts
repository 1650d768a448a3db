/*
 * `/ppp/secret`, `/ppp/profile`, `/ppp/active` (ROUTEROS.md §4) and the kick that makes a plan change or
 * suspension take effect: edits never touch a live session, so remove its `/ppp/active` row (§5.1).
 */
import type { RouterOsApi } from "../api";
import {
  counter,
  dateOrNever,
  duration,
  flag,
  key,
  rateLimit,
  ro,
  rw,
  text,
  writeCounter,
  writeDuration,
  writeFlag,
  yesNoDefault,
  type InputOf,
  type RowOf,
} from "./fields";
import { isNoSuchItem, readOnlyMenu, writableMenu } from "./menu";

const same = (value: string) => value;

const pppSecretFields = {
  id: key(".id", text),
  name: key("name", text, same),
  password: rw("password", text, same),
  service: rw("service", text, same),
  profile: rw("profile", text, same),
  localAddress: rw("local-address", text, same),
  remoteAddress: rw("remote-address", text, same),
  callerId: rw("caller-id", text, same),
  routes: rw("routes", text, same),
  limitBytesIn: rw("limit-bytes-in", counter, writeCounter),
  limitBytesOut: rw("limit-bytes-out", counter, writeCounter),
  comment: rw("comment", text, same),
  disabled: rw("disabled", flag, writeFlag),
  lastLoggedOut: ro("last-logged-out", dateOrNever),
  lastCallerId: ro("last-caller-id", text),
  lastDisconnectReason: ro("last-disconnect-reason", text),
};
export type PppSecret = RowOf<typeof pppSecretFields>;
export type PppSecretInput = InputOf<typeof pppSecretFields>;
export const pppSecrets = writableMenu("/ppp/secret", pppSecretFields, ["name"]);

const pppProfileFields = {
  id: key(".id", text),
  name: key("name", text, same),
  localAddress: rw("local-address", text, same),
  remoteAddress: rw("remote-address", text, same),
  rateLimit: rw("rate-limit", rateLimit, same),
  addressList: rw("address-list", text, same),
  dnsServer: rw("dns-server", text, same),
  onlyOne: rw("only-one", yesNoDefault, same),
  sessionTimeout: rw("session-timeout", duration, writeDuration),
  idleTimeout: rw("idle-timeout", duration, writeDuration),
  parentQueue: rw("parent-queue", text, same),
  insertQueueBefore: rw("insert-queue-before", text, same),
  queueType: rw("queue-type", text, same),
  useEncryption: rw("use-encryption", text, same),
  changeTcpMss: rw("change-tcp-mss", text, same),
  comment: rw("comment", text, same),
  default: ro("default", flag),
};
export type PppProfile = RowOf<typeof pppProfileFields>;
export type PppProfileInput = InputOf<typeof pppProfileFields>;
export const pppProfiles = writableMenu("/ppp/profile", pppProfileFields, ["name"]);

const pppActiveFields = {
  id: key(".id", text),
  name: key("name", text),
  service: ro("service", text),
  callerId: ro("caller-id", text),
  address: ro("address", text),
  uptime: ro("uptime", duration),
  encoding: ro("encoding", text),
  sessionId: ro("session-id", text),
  limitBytesIn: ro("limit-bytes-in", counter),
  limitBytesOut: ro("limit-bytes-out", counter),
  radius: ro("radius", flag),
};
export type PppActive = RowOf<typeof pppActiveFields>;
export const pppActive = readOnlyMenu("/ppp/active", pppActiveFields);

/**
 * Ends `name`'s PPP sessions (looked up with `.proplist=.id`, never by a stored id). A session that
 * vanished between lookup and remove (`no such item`) counts as ended. Resolves with how many ended.
 */
export async function kickPppSession(api: RouterOsApi, name: string): Promise<number> {
  const { rows } = await api.write("/ppp/active/print", { ".proplist": ".id" }, [`?name=${name}`]);
  return endSessions(api, "/ppp/active/remove", rows);
}

export async function endSessions(api: RouterOsApi, removeCommand: string, rows: Record<string, string>[]): Promise<number> {
  let ended = 0;
  for (const row of rows) {
    const id = row[".id"];
    if (id === undefined) continue;
    try {
      await api.write(removeCommand, { ".id": id });
    } catch (error) {
      if (!isNoSuchItem(error)) throw error;
    }
    ended += 1;
  }
  return ended;
}
