import "server-only";
import { cache } from "react";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { eq } from "drizzle-orm";
import { getAuth } from "@/lib/auth/instance";
import { crossTenantDb, getDb, tenantDb } from "@/lib/db";
import { users, type StaffRole } from "@/lib/auth/schema";
import { platformAccounts, tenants, type PlatformStanding } from "@/lib/tenants/schema";
import { tenantWritesBlocked } from "@/lib/tenants/standing-service";
import { rolesRequiring2fa, can, type Permission } from "@/lib/auth/permissions";
import { AppError, forbidden } from "@/lib/core/errors";
import { timeZoneOrDefault } from "@/lib/core/time-zones";
import { clientIp } from "@/lib/core/client-ip";
import type { StaffContext } from "@/lib/auth/context";

export type SessionUser = {
  id: string;
  name: string;
  email: string;
  tenantId: string | null;
  role: StaffRole | null;
  active: boolean;
  platformOperator: boolean;
  twoFactorEnabled: boolean;
  tenantStatus: "active" | "suspended" | null;
  /** Where the ISP stands with NetSphere's own billing (null: no NetSphere account yet). */
  netsphereStanding: PlatformStanding | null;
  onboardingStep: string | null;
  timeZone: string;
  sessionToken: string;
};

/** The signed-in user, read fresh from the database (role and activation can change mid-session). */
export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  // Reading the request first keeps pages dynamic: the database is never opened at build time.
  const requestHeaders = await headers();
  const auth = await getAuth();
  const session = await auth.api.getSession({ headers: requestHeaders });
  if (!session) return null;
  const db = await getDb();
  const [row] = await db
    .select({
      user: users,
      tenantStatus: tenants.status,
      onboardingStep: tenants.onboardingStep,
      timeZone: tenants.timezone,
      netsphereStanding: platformAccounts.standing,
    })
    .from(users)
    .leftJoin(tenants, eq(tenants.id, users.tenantId))
    .leftJoin(platformAccounts, eq(platformAccounts.tenantId, users.tenantId))
    .where(eq(users.id, session.user.id));
  if (!row || !row.user.active) return null;
  return {
    id: row.user.id,
    name: row.user.name,
    email: row.user.email,
    tenantId: row.user.tenantId,
    role: row.user.role,
    active: row.user.active,
    platformOperator: row.user.platformOperator,
    twoFactorEnabled: !!row.user.twoFactorEnabled,
    tenantStatus: row.tenantStatus,
    netsphereStanding: row.netsphereStanding,
    onboardingStep: row.onboardingStep,
    timeZone: timeZoneOrDefault(row.timeZone),
    sessionToken: session.session.token,
  };
});

export const needsTwoFactorEnrolment = (user: SessionUser) =>
  !user.twoFactorEnabled && (user.platformOperator || (!!user.role && rolesRequiring2fa.includes(user.role)));

/** For actions and route handlers: throws AppError instead of redirecting. */
export async function requireStaffContext(): Promise<StaffContext> {
  const user = await getSessionUser();
  if (!user) throw new AppError("unauthenticated", "Your session has ended. Sign in again.");
  if (!user.tenantId || !user.role) throw forbidden();
  if (needsTwoFactorEnrolment(user)) throw new AppError("forbidden", "Set up two-factor authentication first.");
  if (user.tenantStatus === "suspended") throw new AppError("forbidden", "This ISP account is suspended. Contact NetSphere support.");
  const h = await headers();
  // Only a read-only ISP pays for a second look (a payment made since lifts it at once).
  const writesBlocked = user.netsphereStanding === "read_only" ? await tenantWritesBlocked(await getDb(), user.tenantId) : null;
  return {
    // Bound to the session's ISP by the row-level policies: the second wall behind each query's tenant filter.
    db: await tenantDb(user.tenantId),
    userId: user.id,
    userName: user.name,
    email: user.email,
    tenantId: user.tenantId,
    role: user.role,
    ipAddress: clientIp(h),
    timeZone: user.timeZone,
    writesBlocked,
  };
}

/** For pages: redirects to sign-in, 2FA enrolment or the forbidden page as needed. */
export async function requireStaffPage(permission?: Permission): Promise<StaffContext> {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  if (user.platformOperator && !user.tenantId) redirect("/platform");
  if (needsTwoFactorEnrolment(user)) redirect("/two-factor/setup");
  if (user.tenantStatus === "suspended") redirect("/suspended");
  if (!user.tenantId || !user.role) redirect("/sign-in");
  if (permission && !can(user.role, permission)) redirect("/forbidden");
  return requireStaffContext();
}

export async function requirePlatformOperator() {
  const user = await getSessionUser();
  if (!user) redirect("/sign-in");
  if (!user.platformOperator) redirect("/forbidden");
  if (needsTwoFactorEnrolment(user)) redirect("/two-factor/setup");
  // The operator area works across ISPs on purpose: the owner's handle, named so, and its actions audited.
  return { db: await crossTenantDb(), user };
}
