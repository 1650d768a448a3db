import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { tenants } from "@/lib/tenants/schema";
import { users, type StaffRole } from "@/lib/auth/schema";
import type { StaffContext } from "@/lib/auth/context";
import type { Db } from "@/lib/db/types";
import { tenantHandle } from "@/lib/db/tenant-bound";
import { allocateSlug } from "@/lib/tenants/slugs";

/** A tenant with one user per role, created directly (auth flows have their own tests). */
export async function createTenantFixture(db: Db, options: { name?: string; saasPlanId?: string } = {}) {
  const name = options.name ?? "Test ISP";
  const [tenant] = await db
    .insert(tenants)
    .values({
      name,
      // As sign-up gives one: portal links name the ISP by it.
      slug: await allocateSlug(db, name),
      legalName: "Test ISP Inc.",
      email: `owner-${randomUUID()}@example.test`,
      saasPlanId: options.saasPlanId ?? "executive-pro",
      onboardingStep: "done",
    })
    .returning();
  const contexts = {} as Record<StaffRole, StaffContext>;
  for (const role of ["owner", "admin", "billing", "support", "technician"] as const) {
    const id = randomUUID();
    await db
      .insert(users)
      .values({ id, name: `${role} user`, email: `${role}-${id}@example.test`, tenantId: tenant.id, role, twoFactorEnabled: true });
    // Staff work runs bound to its ISP by the row-level policies, as in the app (requireStaffContext).
    contexts[role] = {
      db: tenantHandle(db, tenant.id),
      userId: id,
      userName: `${role} user`,
      email: `${role}@example.test`,
      tenantId: tenant.id,
      role,
    };
  }
  return { tenant, ctx: contexts };
}

export async function setTenantPlan(db: Db, tenantId: string, saasPlanId: string) {
  await db.update(tenants).set({ saasPlanId }).where(eq(tenants.id, tenantId));
}
