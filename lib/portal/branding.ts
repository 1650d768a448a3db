/*
 * Which ISP a portal page belongs to before anyone signs in, and the addresses we give its subscribers. A sign-in
 * page names the ISP by its slug (`/portal/<slug>/sign-in`) or is on the ISP's custom domain; the old
 * `/portal/sign-in?isp=<tenant id>` links still lead there. After sign-in every page takes the ISP from the session only.
 */
import { tenantBranding } from "@/lib/tenants/queries";
import { activeTenantOfSlug, portalSlugOf } from "@/lib/tenants/slugs";
import { primaryPortalDomain } from "@/lib/tenants/domains";
import { isUuid } from "@/lib/core/ids";
import { env } from "@/lib/core/env";
import type { DbOrTx } from "@/lib/db/types";
import { portalUrls, type PortalUrls } from "./addresses";

export type PortalBranding = { id: string; name: string; brandColor: string; logoDataUrl: string | null; slug: string | null };

/** The active ISP of this id, or null for anything else. */
export async function portalBrandingOf(db: DbOrTx, isp: string | null | undefined): Promise<PortalBranding | null> {
  if (!isp || !isUuid(isp)) return null;
  const tenant = await tenantBranding(db, { tenantId: isp, activeOnly: true });
  if (!tenant) return null;
  return { id: tenant.id, name: tenant.name, brandColor: tenant.brandColor, logoDataUrl: tenant.logoDataUrl, slug: await portalSlugOf(db, { tenantId: tenant.id }) };
}

/** The active ISP of this slug, or null. */
export async function portalBrandingOfSlug(db: DbOrTx, slug: string): Promise<PortalBranding | null> {
  const tenantId = await activeTenantOfSlug(db, slug);
  return tenantId ? portalBrandingOf(db, tenantId) : null;
}

/** The ISP's portal addresses for subscribers: on its verified custom domain, else `/portal/<slug>` on ours. */
export async function portalUrlsOf(db: DbOrTx, { tenantId }: { tenantId: string }): Promise<PortalUrls> {
  // One after another: links are made inside the change's transaction, whose connection takes one query at a time.
  const slug = await portalSlugOf(db, { tenantId });
  const domain = await primaryPortalDomain(db, { tenantId });
  return portalUrls(env().APP_URL, { tenantId, slug, domain });
}
