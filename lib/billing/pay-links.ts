/*
 * Public payment links for invoices: `${APP_URL}/pay/<token>`, where the token carries the tenant and invoice
 * ids and an HMAC-SHA256 over them. Anyone holding the link may pay that invoice and nothing else; a token
 * changed in any way is refused (constant-time comparison). Links do not expire: a paid invoice simply says
 * so. The key is derived from BETTER_AUTH_SECRET, so rotating that secret retires every link sent.
 */
import "server-only";
import { env } from "@/lib/core/env";
import { readIdPair, signIdPair } from "@/lib/core/signed-ids";

const PURPOSE = "invoice-pay-links-v1";

/** The token for one invoice: base64url(tenant id ‖ invoice id ‖ HMAC). */
export const payTokenFor = ({ tenantId, invoiceId }: { tenantId: string; invoiceId: string }): string => signIdPair(PURPOSE, tenantId, invoiceId);

export function payLinkFor(ids: { tenantId: string; invoiceId: string }): string {
  return `${env().APP_URL.replace(/\/+$/, "")}/pay/${payTokenFor(ids)}`;
}

/** The tenant and invoice a token was made for, or null for anything we did not sign. */
export function readPayToken(token: string): { tenantId: string; invoiceId: string } | null {
  const ids = readIdPair(PURPOSE, token);
  return ids && { tenantId: ids[0], invoiceId: ids[1] };
}
