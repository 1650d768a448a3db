import { and, asc, eq } from "drizzle-orm";
import { servicePlans } from "@/lib/plans/schema";
import { recordAudit, type AuditActor } from "@/lib/audit/record";
import { AppError, isUniqueViolation, notFound } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import { assertRowsOfTenant } from "@/lib/core/ownership";
import type { PlanFields } from "@/lib/plans/rules";
import type { Db, DbOrTx } from "@/lib/db/types";
import { isOwnTaxClass } from "@/lib/billing/settings";
import { clock } from "@/lib/core/clock";

type Actor = AuditActor & { tenantId: string };

export async function listPlans(db: DbOrTx, { tenantId, activeOnly = false }: { tenantId: string; activeOnly?: boolean }) {
  const where = activeOnly ? and(eq(servicePlans.tenantId, tenantId), eq(servicePlans.active, true)) : eq(servicePlans.tenantId, tenantId);
  return db.select().from(servicePlans).where(where).orderBy(asc(servicePlans.priceCentavos), asc(servicePlans.name));
}

export async function getPlan(db: DbOrTx, { tenantId, planId }: { tenantId: string; planId: string }) {
  if (!isUuid(planId)) throw notFound("Plan");
  const [plan] = await db
    .select()
    .from(servicePlans)
    .where(and(eq(servicePlans.tenantId, tenantId), eq(servicePlans.id, planId)));
  if (!plan) throw notFound("Plan");
  return plan;
}

/** Refuses plan ids that are not all this tenant's (another ISP's plan reads as not found). */
export async function assertPlansOfTenant(db: DbOrTx, tenantId: string, planIds: readonly string[], field?: string) {
  await assertRowsOfTenant(db, servicePlans, tenantId, planIds, { one: "plan", many: "chosen plans" }, field);
}

const duplicateName = (name: string) =>
  new AppError("conflict", `A plan named "${name}" already exists.`, { fieldErrors: { name: ["A plan with this name already exists"] } });

/** A plan may only name one of its own tenant's tax classes. */
async function assertTaxClass(tx: DbOrTx, tenantId: string, taxClassId: string | null) {
  if (!taxClassId) return;
  if (!(await isOwnTaxClass(tx, { tenantId, taxClassId })))
    throw new AppError("validation", "Choose one of your tax classes.", { fieldErrors: { taxClassId: ["Unknown tax class"] } });
}

export async function createPlan(db: Db, actor: Actor, input: PlanFields) {
  try {
    return await db.transaction(async (tx) => {
      await assertTaxClass(tx, actor.tenantId, input.taxClassId);
      const [plan] = await tx
        .insert(servicePlans)
        .values({ ...input, tenantId: actor.tenantId })
        .returning();
      await recordAudit(tx, actor, { action: "plan.created", entityType: "plan", entityId: plan.id, after: input });
      return plan;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName(input.name);
    throw error;
  }
}

export async function updatePlan(db: Db, actor: Actor, { planId, input }: { planId: string; input: PlanFields }) {
  try {
    return await db.transaction(async (tx) => {
      const before = await getPlan(tx, { tenantId: actor.tenantId, planId });
      await assertTaxClass(tx, actor.tenantId, input.taxClassId);
      const [plan] = await tx
        .update(servicePlans)
        .set({ ...input, updatedAt: clock.now() })
        .where(and(eq(servicePlans.tenantId, actor.tenantId), eq(servicePlans.id, planId)))
        .returning();
      await recordAudit(tx, actor, { action: "plan.updated", entityType: "plan", entityId: planId, before, after: plan });
      return plan;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw duplicateName(input.name);
    throw error;
  }
}
