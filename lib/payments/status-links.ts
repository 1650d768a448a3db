/*
 * The page a customer comes back to from a gateway, and where a QR Ph code is shown: `/pay/status/<token>`,
 * the token naming one payment request of one tenant (lib/core/signed-ids.ts). It shows what our records say
 * (paid, waiting for the gateway, failed or expired), never what the gateway's redirect claims.
 */
import "server-only";
import { env } from "@/lib/core/env";
import { readIdPair, signIdPair } from "@/lib/core/signed-ids";

const PURPOSE = "payment-status-links-v1";

export const statusTokenFor = ({ tenantId, requestId }: { tenantId: string; requestId: string }) => signIdPair(PURPOSE, tenantId, requestId);

export const statusLinkFor = (ids: { tenantId: string; requestId: string }) => `${env().APP_URL.replace(/\/+$/, "")}/pay/status/${statusTokenFor(ids)}`;

export function readStatusToken(token: string): { tenantId: string; requestId: string } | null {
  const ids = readIdPair(PURPOSE, token);
  return ids && { tenantId: ids[0], requestId: ids[1] };
}
