/** What the portal's signed-out pages need before anyone signs in: the ISP from the address, a link or this browser's last visit. */
import "server-only";
import { getDb } from "@/lib/db";
import { portalBrandingOf, portalBrandingOfSlug, type PortalBranding } from "./branding";
import { rememberedIsp } from "./context";
import { portalDomainOfRequest } from "./host";
import { peekPortalToken } from "./tokens";
import { tokenSchema, type PortalTokenKind } from "./rules";

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;
export type SlugParams = Promise<{ isp: string }>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The ISP an old-style signed-out page is for: `?isp=<id>` first, else the one this browser last signed in to. */
export async function signedOutIsp(searchParams: SearchParams) {
  const isp = first((await searchParams).isp) ?? (await rememberedIsp());
  return portalBrandingOf(await getDb(), isp);
}

/** Where an ISP's signed-out pages are: under `/portal/<slug>` on our host, at the root of its own domain. */
const linksUnder = (base: string) => ({ signIn: `${base}/sign-in`, forgotPassword: `${base}/forgot-password`, signInLink: `${base}/sign-in-link` });

/** The old addresses by id, for an ISP that has no slug. */
export const linksById = (tenantId: string) => ({
  signIn: `/portal/sign-in?isp=${tenantId}`,
  forgotPassword: `/portal/forgot-password?isp=${tenantId}`,
  signInLink: `/portal/sign-in-link?isp=${tenantId}`,
});

/** The ISP of a `/portal/<slug>/…` page and the links between its pages; null for an unknown or suspended ISP. */
export async function ispOfSlug(params: SlugParams): Promise<{ branding: PortalBranding; links: ReturnType<typeof linksUnder> } | null> {
  let slug: string;
  try {
    slug = decodeURIComponent((await params).isp);
  } catch {
    return null; // a broken %-escape names no ISP
  }
  const branding = await portalBrandingOfSlug(await getDb(), slug);
  if (!branding?.slug) return null;
  // On the ISP's own domain the short paths are the ones to show (proxy.ts maps them here).
  const domain = await portalDomainOfRequest();
  return { branding, links: linksUnder(domain?.tenantId === branding.id ? "" : `/portal/${branding.slug}`) };
}

/** A link's token, owner and ISP when it is still valid; null otherwise. Does not use the link up. */
export async function linkOf(searchParams: SearchParams, kinds: PortalTokenKind[]) {
  const parsed = tokenSchema.safeParse(first((await searchParams).token));
  if (!parsed.success) return null;
  const db = await getDb();
  const owner = await peekPortalToken(db, parsed.data, kinds);
  if (!owner) return null;
  return { token: parsed.data, owner, branding: await portalBrandingOf(db, owner.tenantId) };
}
