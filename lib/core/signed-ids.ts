/*
 * Links that carry ids and nothing else: base64url(id ‖ id ‖ HMAC-SHA256), or the short form for SMS,
 * base64url(id ‖ first 9 bytes of HMAC-SHA256(scope ‖ id)), whose scope (a tenant id) is not in the token and is
 * looked up from the id before the check. Each kind of link has its own key, derived from BETTER_AUTH_SECRET
 * with the kind's label, so a token made for one purpose never opens another, and rotating that secret retires
 * every link sent. A token changed in any way is refused (constant-time comparison).
 */
import "server-only";
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/core/env";
import { isUuid } from "@/lib/core/ids";

const ID_BYTES = 16;
const MAC_BYTES = 32;
/** 72 bits: guessing one over HTTP is out of reach, and the token stays 34 characters. */
const SHORT_MAC_BYTES = 9;

const keys = new Map<string, { secret: string; key: Buffer }>();
function keyFor(purpose: string): Buffer {
  const secret = env().BETTER_AUTH_SECRET!;
  const cached = keys.get(purpose);
  if (cached?.secret === secret) return cached.key;
  const key = Buffer.from(hkdfSync("sha256", secret, "netsphere", purpose, 32));
  keys.set(purpose, { secret, key });
  return key;
}

const uuidBytes = (id: string) => Buffer.from(id.replaceAll("-", ""), "hex");
const uuidOf = (bytes: Buffer) => {
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
const macOf = (purpose: string, ids: Buffer) => createHmac("sha256", keyFor(purpose)).update(ids).digest();
// The id has a fixed length at the end, so no two (scope, id) pairs give the same MAC input.
const shortMacOf = (purpose: string, scope: string, idBytes: Buffer) =>
  macOf(purpose, Buffer.concat([Buffer.from(scope, "utf8"), idBytes])).subarray(0, SHORT_MAC_BYTES);

/** The token for two UUIDs under one purpose. */
export function signIdPair(purpose: string, first: string, second: string): string {
  if (!isUuid(first) || !isUuid(second)) throw new Error("Signed links need UUIDs");
  const ids = Buffer.concat([uuidBytes(first), uuidBytes(second)]);
  return Buffer.concat([ids, macOf(purpose, ids)]).toString("base64url");
}

/** The two UUIDs a token was made for under this purpose, or null for anything we did not sign. */
export function readIdPair(purpose: string, token: string): [string, string] | null {
  if (typeof token !== "string" || !/^[A-Za-z0-9_-]{86}$/.test(token)) return null;
  const raw = Buffer.from(token, "base64url");
  // Two spellings decode to the same bytes (unused trailing bits); only ours is accepted.
  if (raw.length !== 2 * ID_BYTES + MAC_BYTES || raw.toString("base64url") !== token) return null;
  const ids = raw.subarray(0, 2 * ID_BYTES);
  if (!timingSafeEqual(raw.subarray(2 * ID_BYTES), macOf(purpose, ids))) return null;
  return [uuidOf(ids.subarray(0, ID_BYTES)), uuidOf(ids.subarray(ID_BYTES))];
}

/** The short token for a UUID under one purpose, bound to `scope` (which the reader must supply to verify). */
export function signShortId(purpose: string, scope: string, id: string): string {
  if (!isUuid(id)) throw new Error("Signed links need UUIDs");
  const idBytes = uuidBytes(id);
  return Buffer.concat([idBytes, shortMacOf(purpose, scope, idBytes)]).toString("base64url");
}

/**
 * The UUID a short token carries, with the check of the scope it was signed for, or null for anything that is
 * not a short token. The id is unproven until `verify` accepts a scope.
 */
export function readShortId(purpose: string, token: string): { id: string; verify: (scope: string) => boolean } | null {
  if (typeof token !== "string" || !/^[A-Za-z0-9_-]{34}$/.test(token)) return null;
  const raw = Buffer.from(token, "base64url");
  if (raw.length !== ID_BYTES + SHORT_MAC_BYTES || raw.toString("base64url") !== token) return null;
  const idBytes = raw.subarray(0, ID_BYTES);
  const mac = raw.subarray(ID_BYTES);
  return { id: uuidOf(idBytes), verify: (scope) => timingSafeEqual(mac, shortMacOf(purpose, scope, idBytes)) };
}
