/*
 * Public payment links for invoices: `${APP_URL}/pay/<token>`, where the token carries the tenant and invoice
 * ids and an HMAC-SHA256 over them. Anyone holding the link may pay that invoice and nothing else; a token
 * changed in any way is refused (constant-time comparison). Links do not expire: a paid invoice simply says
 * so. The key is derived from BETTER_AUTH_SECRET, so rotating that secret retires every link sent.
 *
 * SMS parts hold 160 characters, so texts carry the short form `${APP_URL}/p/<code>`: the invoice id and a
 * truncated HMAC bound to its tenant (34 characters), which redirects to the pay page.
 */
import "server-only";
import { env } from "@/lib/core/env";
import { readIdPair, readShortId, signIdPair, signShortId } from "@/lib/core/signed-ids";
import { invoiceTenantOf } from "@/lib/billing/queries";
import type { DbOrTx } from "@/lib/db/types";

const PURPOSE = "invoice-pay-links-v1";
const SHORT_PURPOSE = "invoice-short-links-v1";

const appUrl = () => env().APP_URL.replace(/\/+$/, "");

/** The token for one invoice: base64url(tenant id ‖ invoice id ‖ HMAC). */
export const payTokenFor = ({ tenantId, invoiceId }: { tenantId: string; invoiceId: string }): string => signIdPair(PURPOSE, tenantId, invoiceId);

export function payLinkFor(ids: { tenantId: string; invoiceId: string }): string {
  return `${appUrl()}/pay/${payTokenFor(ids)}`;
}

/** The tenant and invoice a token was made for, or null for anything we did not sign. */
export function readPayToken(token: string): { tenantId: string; invoiceId: string } | null {
  const ids = readIdPair(PURPOSE, token);
  return ids && { tenantId: ids[0], invoiceId: ids[1] };
}

/** The short code for one invoice: base64url(invoice id ‖ 9 bytes of HMAC over tenant id ‖ invoice id). */
export const shortPayTokenFor = ({ tenantId, invoiceId }: { tenantId: string; invoiceId: string }): string =>
  signShortId(SHORT_PURPOSE, tenantId, invoiceId);

export function shortPayLinkFor(ids: { tenantId: string; invoiceId: string }): string {
  return `${appUrl()}/p/${shortPayTokenFor(ids)}`;
}

/** The pay page a short code leads to, or null for a code we did not sign for that invoice's ISP (or a deleted invoice). */
export async function payLinkForShortCode(db: DbOrTx, code: string): Promise<string | null> {
  const short = readShortId(SHORT_PURPOSE, code);
  if (!short) return null;
  const tenantId = await invoiceTenantOf(db, short.id);
  if (!tenantId || !short.verify(tenantId)) return null;
  return payLinkFor({ tenantId, invoiceId: short.id });
}
