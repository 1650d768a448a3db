/*
 * Which ISP a portal page belongs to before anyone signs in. Tenants have no public name in URLs yet, so a
 * sign-in link names the ISP by its id: `/portal/sign-in?isp=<tenant id>`. After sign-in every page takes the
 * ISP from the session only.
 */
import { tenantBranding } from "@/lib/tenants/queries";
import { isUuid } from "@/lib/core/ids";
import { env } from "@/lib/core/env";
import type { DbOrTx } from "@/lib/db/types";

export type PortalBranding = { id: string; name: string; brandColor: string; logoDataUrl: string | null };

/** The active ISP named by a sign-in link, or null for anything else. */
export async function portalBrandingOf(db: DbOrTx, isp: string | null | undefined): Promise<PortalBranding | null> {
  if (!isp || !isUuid(isp)) return null;
  const tenant = await tenantBranding(db, { tenantId: isp, activeOnly: true });
  return tenant && { id: tenant.id, name: tenant.name, brandColor: tenant.brandColor, logoDataUrl: tenant.logoDataUrl };
}

/** The address an ISP gives its subscribers to sign in. */
export const portalSignInUrl = (tenantId: string) => `${env().APP_URL.replace(/\/+$/, "")}/portal/sign-in?isp=${tenantId}`;
