/*
 * Links that carry ids and nothing else: base64url(id ‖ id ‖ HMAC-SHA256). Each kind of link has its own key,
 * derived from BETTER_AUTH_SECRET with the kind's label, so a token made for one purpose never opens another,
 * and rotating that secret retires every link sent. A token changed in any way is refused (constant-time
 * comparison).
 */
import "server-only";
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/core/env";
import { isUuid } from "@/lib/core/ids";

const ID_BYTES = 16;
const MAC_BYTES = 32;

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
