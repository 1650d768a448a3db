/*
 * The portal's session plumbing, the twin of lib/auth/session.ts for subscribers: the `ns_portal` cookie
 * (httpOnly, SameSite=Lax, Secure on https) is the only input; tenant and customer come from its session
 * row. Staff cookies mean nothing here, and this cookie means nothing to the staff app.
 */
import "server-only";
import { cache } from "react";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { getDb, tenantDb } from "@/lib/db";
import { env } from "@/lib/core/env";
import { AppError } from "@/lib/core/errors";
import { clientIp } from "@/lib/core/client-ip";
import type { Db } from "@/lib/db/types";
import { findPortalSession, type PortalSession } from "./sessions";
import { PORTAL_COOKIE, PORTAL_ISP_COOKIE } from "./rules";
import { portalDomainOfRequest } from "./host";

export type PortalContext = {
  db: Db;
  tenantId: string;
  customerId: string;
  sessionId: string;
  customer: PortalSession["customer"];
  tenant: PortalSession["tenant"];
  ipAddress: string | null;
  userAgent: string;
};

// No Domain attribute: the cookie belongs to the host that set it (ours, or an ISP's custom domain) and no other.
const cookieBase = () => ({ httpOnly: true, sameSite: "lax" as const, path: "/", secure: env().APP_URL.startsWith("https://") });

/** Reads the cookie once per request; the session row is read fresh (a revoked session stops at once). */
const readPortalSession = cache(async () => {
  const token = (await cookies()).get(PORTAL_COOKIE)?.value;
  if (!token) return null;
  const session = await findPortalSession(await getDb(), token);
  return session ? { session, token } : null;
});

async function contextOf(found: NonNullable<Awaited<ReturnType<typeof readPortalSession>>>): Promise<PortalContext> {
  const h = await headers();
  const { session } = found;
  return {
    // The session row was found on the owner's handle (the tenant is not known before it); the subscriber's work
    // runs bound to their ISP by the row-level policies.
    db: await tenantDb(session.tenantId),
    tenantId: session.tenantId,
    customerId: session.customerId,
    sessionId: session.sessionId,
    customer: session.customer,
    tenant: session.tenant,
    ipAddress: clientIp(h),
    userAgent: (h.get("user-agent") ?? "").slice(0, 300),
  };
}

/** For portal actions and routes: throws `unauthenticated` instead of redirecting. */
export async function requirePortalContext(): Promise<PortalContext> {
  const found = await readPortalSession();
  if (!found) throw new AppError("unauthenticated", "Your session has ended. Sign in again.");
  // Pages cannot set cookies; actions and routes send the cookie again when the session was extended.
  if (found.session.extended) await setPortalSessionCookie(found.token, found.session.expiresAt);
  return contextOf(found);
}

/** For portal pages: the signed-in subscriber, or a redirect to the sign-in page (the short one on the ISP's own domain). */
export async function requirePortalPage(): Promise<PortalContext> {
  const found = await readPortalSession();
  if (!found) redirect((await portalDomainOfRequest()) ? "/sign-in" : "/portal/sign-in");
  return contextOf(found);
}

/** Whether a portal session is present, for the sign-in page to send a signed-in subscriber on. */
export async function hasPortalSession(): Promise<boolean> {
  return (await readPortalSession()) !== null;
}

/** Sets the session cookie and remembers the ISP for the next sign-in page. Actions and routes only. */
export async function setPortalSessionCookie(token: string, expiresAt: Date, tenantId?: string): Promise<void> {
  const jar = await cookies();
  jar.set(PORTAL_COOKIE, token, { ...cookieBase(), expires: expiresAt });
  if (tenantId) jar.set(PORTAL_ISP_COOKIE, tenantId, { ...cookieBase(), maxAge: 400 * 86_400 });
}

export async function clearPortalSessionCookie(): Promise<void> {
  (await cookies()).delete({ name: PORTAL_COOKIE, ...cookieBase() });
}

/** The session token of this request (for sign-out). */
export async function portalCookieToken(): Promise<string | undefined> {
  return (await cookies()).get(PORTAL_COOKIE)?.value;
}

/** The ISP this browser last signed in to, for a sign-in page opened without `?isp=`. */
export async function rememberedIsp(): Promise<string | undefined> {
  return (await cookies()).get(PORTAL_ISP_COOKIE)?.value;
}
