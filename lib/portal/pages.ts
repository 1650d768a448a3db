/** What the portal's signed-out pages need before anyone signs in: the ISP from the link or this browser's last visit. */
import "server-only";
import { getDb } from "@/lib/db";
import { portalBrandingOf } from "./branding";
import { rememberedIsp } from "./context";
import { peekPortalToken } from "./tokens";
import { tokenSchema, type PortalTokenKind } from "./rules";

export type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

/** The ISP a signed-out page is for: `?isp=` first, else the one this browser last signed in to. */
export async function signedOutIsp(searchParams: SearchParams) {
  const isp = first((await searchParams).isp) ?? (await rememberedIsp());
  return portalBrandingOf(await getDb(), isp);
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
