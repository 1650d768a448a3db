/*
 * Public payment links for invoices: `${APP_URL}/pay/<token>`, where the token carries the tenant and invoice
 * ids and an HMAC-SHA256 over them. Anyone holding the link may pay that invoice and nothing else; a token
 * changed in any way is refused (constant-time comparison). Links do not expire: a paid invoice simply says
 * so. The key is derived from BETTER_AUTH_SECRET, so rotating that secret retires every link sent.
 */
import "server-only";
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { env } from "@/lib/core/env";
import { isUuid } from "@/lib/core/ids";

const ID_BYTES = 16;
const MAC_BYTES = 32;

let cachedKey: { secret: string; key: Buffer } | undefined;
function linkKey(): Buffer {
  const secret = env().BETTER_AUTH_SECRET!;
  if (cachedKey?.secret !== secret) cachedKey = { secret, key: Buffer.from(hkdfSync("sha256", secret, "netsphere", "invoice-pay-links-v1", 32)) };
  return cachedKey.key;
}

const uuidBytes = (id: string) => Buffer.from(id.replaceAll("-", ""), "hex");
const uuidOf = (bytes: Buffer) => {
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
};
const macOf = (ids: Buffer) => createHmac("sha256", linkKey()).update(ids).digest();

/** The token for one invoice: base64url(tenant id ‖ invoice id ‖ HMAC). */
export function payTokenFor({ tenantId, invoiceId }: { tenantId: string; invoiceId: string }): string {
  if (!isUuid(tenantId) || !isUuid(invoiceId)) throw new Error("Pay links need tenant and invoice UUIDs");
  const ids = Buffer.concat([uuidBytes(tenantId), uuidBytes(invoiceId)]);
  return Buffer.concat([ids, macOf(ids)]).toString("base64url");
}

export function payLinkFor(ids: { tenantId: string; invoiceId: string }): string {
  return `${env().APP_URL.replace(/\/+$/, "")}/pay/${payTokenFor(ids)}`;
}

/** The tenant and invoice a token was made for, or null for anything we did not sign. */
export function readPayToken(token: string): { tenantId: string; invoiceId: string } | null {
  if (typeof token !== "string" || !/^[A-Za-z0-9_-]{86}$/.test(token)) return null;
  const raw = Buffer.from(token, "base64url");
  // Two spellings decode to the same bytes (unused trailing bits); only ours is accepted.
  if (raw.length !== 2 * ID_BYTES + MAC_BYTES || raw.toString("base64url") !== token) return null;
  const ids = raw.subarray(0, 2 * ID_BYTES);
  if (!timingSafeEqual(raw.subarray(2 * ID_BYTES), macOf(ids))) return null;
  return { tenantId: uuidOf(ids.subarray(0, ID_BYTES)), invoiceId: uuidOf(ids.subarray(ID_BYTES)) };
}
