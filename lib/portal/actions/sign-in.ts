"use server";
/*
 * Signing in and out of the subscriber portal. These run without a session by nature: each proves itself
 * (password, one-time link) and the session they open is the portal's own, never a staff session.
 */
import { headers } from "next/headers";
import { z } from "zod";
import { publicAction } from "@/lib/core/action";
import { AppError } from "@/lib/core/errors";
import { clientIp } from "@/lib/core/client-ip";
import { getDb } from "@/lib/db";
import { portalBrandingOf } from "@/lib/portal/branding";
import { portalDomainOfRequest } from "@/lib/portal/host";
import { verifyPortalSignIn } from "@/lib/portal/accounts";
import { createPortalSession, revokePortalSession } from "@/lib/portal/sessions";
import { requestPortalLink, setPasswordWithToken, signInWithMagicLink } from "@/lib/portal/tokens";
import { clearPortalSessionCookie, portalCookieToken, setPortalSessionCookie } from "@/lib/portal/context";
import { requestLinkSchema, setPasswordSchema, signInSchema, tokenSchema } from "@/lib/portal/rules";

const requestInfo = async () => {
  const h = await headers();
  return { userAgent: (h.get("user-agent") ?? "").slice(0, 300), ipAddress: clientIp(h) };
};

async function ispOrThrow(isp: string) {
  const branding = await portalBrandingOf(await getDb(), isp);
  // On an ISP's own domain only that ISP's subscribers sign in: the session cookie belongs to that domain.
  const domain = branding ? await portalDomainOfRequest() : null;
  if (!branding || (domain && domain.tenantId !== branding.id))
    throw new AppError("validation", "This sign-in link is not valid. Use the link your internet provider gave you.");
  return branding;
}

export const portalSignInAction = publicAction({
  name: "portalSignIn",
  public: true,
  input: signInSchema,
  run: async ({ isp, identifier, password }) => {
    const tenant = await ispOrThrow(isp);
    const db = await getDb();
    const { userAgent, ipAddress } = await requestInfo();
    const { customerId } = await verifyPortalSignIn(db, { tenantId: tenant.id, identifier, password, ipAddress });
    const { token, expiresAt } = await createPortalSession(db, { tenantId: tenant.id, customerId, userAgent });
    await setPortalSessionCookie(token, expiresAt, tenant.id);
    return { redirectTo: "/portal" };
  },
});

export const requestPortalLinkAction = publicAction({
  name: "requestPortalLink",
  public: true,
  input: requestLinkSchema.extend({ kind: z.enum(["reset", "magic_link"]) }),
  run: async ({ isp, identifier, kind }) => {
    const tenant = await ispOrThrow(isp);
    await requestPortalLink(await getDb(), { tenantId: tenant.id, identifier, kind, ipAddress: (await requestInfo()).ipAddress });
    return { sent: true };
  },
});

export const setPortalPasswordAction = publicAction({
  name: "setPortalPassword",
  public: true,
  input: setPasswordSchema,
  run: async ({ token, password }) => {
    const session = await setPasswordWithToken(await getDb(), { token, password, ...(await requestInfo()) });
    await setPortalSessionCookie(session.token, session.expiresAt, session.tenantId);
    return { redirectTo: "/portal" };
  },
});

export const portalMagicSignInAction = publicAction({
  name: "portalMagicSignIn",
  public: true,
  input: z.object({ token: tokenSchema }),
  run: async ({ token }) => {
    const session = await signInWithMagicLink(await getDb(), { token, userAgent: (await requestInfo()).userAgent });
    await setPortalSessionCookie(session.token, session.expiresAt, session.tenantId);
    return { redirectTo: "/portal" };
  },
});

/** Ends this browser's portal session, whatever state it is in. */
export const portalSignOutAction = publicAction({
  name: "portalSignOut",
  public: true,
  input: z.object({}),
  run: async () => {
    const token = await portalCookieToken();
    if (token) await revokePortalSession(await getDb(), token);
    await clearPortalSessionCookie();
    return { redirectTo: "/portal/sign-in" };
  },
});
