import { asc, eq, sql } from "drizzle-orm";
import { platformAccounts, saasPlans, tenants } from "@/lib/tenants/schema";
import { customers } from "@/lib/customers/schema";
import { routers } from "@/lib/routers/schema";
import { revokeTenantStaffSessions } from "@/lib/auth/staff-sessions";
import { recordAudit } from "@/lib/audit/record";
import { getTenant } from "@/lib/tenants/service";
import { changeNetspherePlan } from "@/lib/tenants/platform-accounts";
import { refreshStanding } from "@/lib/tenants/standing-service";
import type { NetsphereCycle } from "@/lib/tenants/values";
import type { Db, DbOrTx } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";
import { notFound } from "@/lib/core/errors";
import { forgetPortalHosts } from "@/lib/tenants/domain-lookup";

export type OperatorActor = { userId: string; userName: string };

/** Every ISP with plan, usage, status and NetSphere standing, for the NetSphere operator (never the platform tenant itself). */
export async function listTenantsForOperator(db: DbOrTx) {
  return db
    .select({
      id: tenants.id,
      name: tenants.name,
      email: tenants.email,
      status: tenants.status,
      createdAt: tenants.createdAt,
      planId: saasPlans.id,
      planName: saasPlans.name,
      maxCustomers: saasPlans.maxCustomers,
      maxRouters: saasPlans.maxRouters,
      standing: platformAccounts.standing,
      billingCycle: platformAccounts.billingCycle,
      // per-tenant counts use the (tenant_id, ...) indexes; tenants are few, so scalar subqueries are fine
      customers: sql<number>`(select count(*)::int from ${customers} where ${customers.tenantId} = ${tenants.id})`,
      routers: sql<number>`(select count(*)::int from ${routers} where ${routers.tenantId} = ${tenants.id})`,
    })
    .from(tenants)
    .innerJoin(saasPlans, eq(saasPlans.id, tenants.saasPlanId))
    .leftJoin(platformAccounts, eq(platformAccounts.tenantId, tenants.id))
    .where(eq(tenants.kind, "isp"))
    .orderBy(asc(tenants.name));
}

/** The operator moves an ISP to another plan: through NetSphere's own billing, as the owner's change would (prorated, caps checked). */
export async function operatorChangePlan(
  db: Db,
  actor: OperatorActor,
  { tenantId, saasPlanId, cycle }: { tenantId: string; saasPlanId: string; cycle?: NetsphereCycle },
) {
  const tenant = await getTenant(db, { tenantId });
  if (tenant.kind !== "isp") throw notFound("ISP account");
  const current = await db.select({ cycle: platformAccounts.billingCycle }).from(platformAccounts).where(eq(platformAccounts.tenantId, tenantId));
  return changeNetspherePlan(db, { ...actor, operator: true }, { tenantId, saasPlanId, cycle: cycle ?? current[0]?.cycle ?? "monthly" });
}

/** Suspending a tenant signs its staff out at once; their data is kept. */
export async function setTenantStatus(db: Db, actor: OperatorActor, { tenantId, status }: { tenantId: string; status: "active" | "suspended" }) {
  await db.transaction(async (tx) => {
    const before = await getTenant(tx, { tenantId });
    if (before.status === status) return;
    await tx.update(tenants).set({ status, updatedAt: clock.now() }).where(eq(tenants.id, tenantId));
    if (status === "suspended") {
      await revokeTenantStaffSessions(tx, { tenantId });
    }
    await recordAudit(
      tx,
      { tenantId, userId: actor.userId, userName: `${actor.userName} (NetSphere operator)` },
      {
        action: status === "suspended" ? "tenant.suspended" : "tenant.reactivated",
        entityType: "tenant",
        entityId: tenantId,
        before: { status: before.status },
        after: { status },
      },
    );
  });
  // A suspended ISP's custom domains stop serving its portal at once in this process.
  forgetPortalHosts();
  await refreshStanding(db, { tenantId });
}
