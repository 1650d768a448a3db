import { count, eq } from "drizzle-orm";
import { saasPlans, tenants } from "@/lib/tenants/schema";
import { customers } from "@/lib/customers/schema";
import { routers } from "@/lib/routers/schema";
import { AppError, notFound } from "@/lib/core/errors";
import type { DbOrTx } from "@/lib/db/types";

export type TenantUsage = {
  planId: string;
  planName: string;
  customers: number;
  maxCustomers: number;
  routers: number;
  maxRouters: number;
  /** The platform tenant (NetSphere, whose customers are the ISPs) has no caps. */
  uncapped: boolean;
};

export async function getTenantUsage(db: DbOrTx, { tenantId }: { tenantId: string }): Promise<TenantUsage> {
  const [plan] = await db
    .select({ id: saasPlans.id, name: saasPlans.name, maxCustomers: saasPlans.maxCustomers, maxRouters: saasPlans.maxRouters, kind: tenants.kind })
    .from(tenants)
    .innerJoin(saasPlans, eq(saasPlans.id, tenants.saasPlanId))
    .where(eq(tenants.id, tenantId));
  if (!plan) throw notFound("ISP account");
  const [[c], [r]] = await Promise.all([
    db.select({ n: count() }).from(customers).where(eq(customers.tenantId, tenantId)),
    db.select({ n: count() }).from(routers).where(eq(routers.tenantId, tenantId)),
  ]);
  return {
    planId: plan.id,
    planName: plan.name,
    customers: c.n,
    maxCustomers: plan.maxCustomers,
    routers: r.n,
    maxRouters: plan.maxRouters,
    uncapped: plan.kind === "platform",
  };
}

/** Refuses, before anything is written, a change that would take the tenant past its plan's caps. */
export async function assertWithinPlan(
  db: DbOrTx,
  { tenantId, addCustomers = 0, addRouters = 0 }: { tenantId: string; addCustomers?: number; addRouters?: number },
) {
  const usage = await getTenantUsage(db, { tenantId });
  if (usage.uncapped) return;
  if (addCustomers > 0 && usage.customers + addCustomers > usage.maxCustomers) {
    throw new AppError(
      "plan_limit",
      `Your ${usage.planName} plan allows ${usage.maxCustomers.toLocaleString("en-PH")} customers and you have ${usage.customers.toLocaleString("en-PH")}; adding ${addCustomers.toLocaleString("en-PH")} would exceed it. Upgrade your plan to add more.`,
      {
        details: { upgradeUrl: "/settings/plan", limit: usage.maxCustomers, used: usage.customers },
      },
    );
  }
  if (addRouters > 0 && usage.routers + addRouters > usage.maxRouters) {
    throw new AppError(
      "plan_limit",
      `Your ${usage.planName} plan allows ${usage.maxRouters} MikroTik router${usage.maxRouters === 1 ? "" : "s"}. Upgrade your plan to add more.`,
      {
        details: { upgradeUrl: "/settings/plan", limit: usage.maxRouters, used: usage.routers },
      },
    );
  }
}
