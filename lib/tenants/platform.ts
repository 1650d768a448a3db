import { asc, eq, sql } from "drizzle-orm";
import { saasPlans, tenants } from "@/lib/tenants/schema";
import { customers } from "@/lib/customers/schema";
import { routers } from "@/lib/routers/schema";
import { revokeTenantStaffSessions } from "@/lib/auth/staff-sessions";
import { recordAudit } from "@/lib/audit/record";
import { changeTenantPlan, getTenant } from "@/lib/tenants/service";
import type { Db, DbOrTx } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";

export type OperatorActor = { userId: string; userName: string };

/** Every tenant with plan, usage and status, for the NetSphere operator. */
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
      // per-tenant counts use the (tenant_id, ...) indexes; tenants are few, so scalar subqueries are fine
      customers: sql<number>`(select count(*)::int from ${customers} where ${customers.tenantId} = ${tenants.id})`,
      routers: sql<number>`(select count(*)::int from ${routers} where ${routers.tenantId} = ${tenants.id})`,
    })
    .from(tenants)
    .innerJoin(saasPlans, eq(saasPlans.id, tenants.saasPlanId))
    .orderBy(asc(tenants.name));
}

export async function operatorChangePlan(db: Db, actor: OperatorActor, { tenantId, saasPlanId }: { tenantId: string; saasPlanId: string }) {
  await getTenant(db, { tenantId });
  await changeTenantPlan(db, { tenantId, userId: actor.userId, userName: `${actor.userName} (NetSphere operator)` }, { saasPlanId });
}

/** Suspending a tenant signs its staff out at once; their data is kept. */
export async function setTenantStatus(db: Db, actor: OperatorActor, { tenantId, status }: { tenantId: string; status: "active" | "suspended" }) {
  return db.transaction(async (tx) => {
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
}
