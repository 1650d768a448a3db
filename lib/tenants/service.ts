import { asc, eq, sql } from "drizzle-orm";
import { tenants, saasPlans, type OnboardingStep } from "@/lib/tenants/schema";
import { makeTenantOwner } from "@/lib/auth/staff";
import { recordAudit, type AuditActor } from "@/lib/audit/record";
import { DEFAULT_SAAS_PLAN_ID, saasPlanCatalog } from "@/lib/tenants/saas-plans";
import { formatAccountNumber, type SignUpInput } from "@/lib/tenants/rules";
import { AppError, notFound } from "@/lib/core/errors";
import type { Db, DbOrTx } from "@/lib/db/types";
import type { z } from "zod";
import type { businessDetailsSchema, capacityThresholdSchema, taxSettingsSchema } from "@/lib/tenants/rules";
import { clock } from "@/lib/core/clock";
import { allocateSlug } from "@/lib/tenants/slugs";

/** Reference data: upserted at every migration so prices and caps follow the code. */
export async function syncSaasPlans(db: DbOrTx) {
  for (const plan of saasPlanCatalog) {
    await db.insert(saasPlans).values(plan).onConflictDoUpdate({ target: saasPlans.id, set: plan });
  }
}

/** Creates the ISP and makes the already-registered user its owner, in one transaction. */
export async function createTenantForOwner(db: Db, { userId, input }: { userId: string; input: Omit<SignUpInput, "password"> }) {
  // Tenant, owner link and audit entry stand or fall together.
  return db.transaction(async (tx) => {
    const slug = await allocateSlug(tx, input.name);
    const [tenant] = await tx
      .insert(tenants)
      .values({
        name: input.name,
        slug,
        legalName: input.legalName,
        address: input.address,
        tin: input.tin,
        contactName: input.contactName,
        contactPhone: input.contactPhone,
        email: input.email,
        saasPlanId: DEFAULT_SAAS_PLAN_ID,
      })
      .returning();
    await makeTenantOwner(tx, { userId, tenantId: tenant.id, name: input.contactName });
    await recordAudit(
      tx,
      { tenantId: tenant.id, userId, userName: input.contactName },
      {
        action: "tenant.created",
        entityType: "tenant",
        entityId: tenant.id,
        after: { name: tenant.name, legalName: tenant.legalName, tin: tenant.tin, plan: tenant.saasPlanId, slug },
      },
    );
    return tenant;
  });
}

export async function getTenant(db: DbOrTx, { tenantId }: { tenantId: string }) {
  const [tenant] = await db.select().from(tenants).where(eq(tenants.id, tenantId));
  if (!tenant) throw notFound("ISP account");
  return tenant;
}

const stepOrder: OnboardingStep[] = ["business", "tax", "routers", "plans", "import", "done"];
export const nextOnboardingStep = (step: OnboardingStep): OnboardingStep => stepOrder[Math.min(stepOrder.indexOf(step) + 1, stepOrder.length - 1)];

/** Moves the wizard forward (never backward), so reopening it resumes where the user left off. */
export async function advanceOnboarding(db: DbOrTx, { tenantId, completed }: { tenantId: string; completed: OnboardingStep }) {
  const tenant = await getTenant(db, { tenantId });
  if (stepOrder.indexOf(tenant.onboardingStep) > stepOrder.indexOf(completed)) return tenant.onboardingStep;
  const next = nextOnboardingStep(completed);
  await db.update(tenants).set({ onboardingStep: next, updatedAt: clock.now() }).where(eq(tenants.id, tenantId));
  return next;
}

export async function updateBusinessDetails(db: Db, actor: AuditActor & { tenantId: string }, input: z.infer<typeof businessDetailsSchema>) {
  return db.transaction(async (tx) => {
    const before = await getTenant(tx, { tenantId: actor.tenantId });
    await tx
      .update(tenants)
      .set({ ...input, updatedAt: clock.now() })
      .where(eq(tenants.id, actor.tenantId));
    await recordAudit(tx, actor, {
      action: "settings.business_updated",
      entityType: "tenant",
      entityId: actor.tenantId,
      before: pick(before, Object.keys(input)),
      after: input,
    });
  });
}

export async function updateTaxSettings(db: Db, actor: AuditActor & { tenantId: string }, input: z.infer<typeof taxSettingsSchema>) {
  const values = {
    currency: input.currency,
    timezone: input.timezone,
    vatRateBps: Math.round(input.vatRatePercent * 100),
    taxInclusive: input.taxInclusive,
    invoicePrefix: input.invoicePrefix,
    accountPrefix: input.accountPrefix,
  };
  return db.transaction(async (tx) => {
    const before = await getTenant(tx, { tenantId: actor.tenantId });
    await tx
      .update(tenants)
      .set({ ...values, updatedAt: clock.now() })
      .where(eq(tenants.id, actor.tenantId));
    await recordAudit(tx, actor, {
      action: "settings.tax_updated",
      entityType: "tenant",
      entityId: actor.tenantId,
      before: pick(before, Object.keys(values)),
      after: values,
    });
  });
}

/** The capacity forecast's threshold for links and routers' CPU, audited with the value it replaces. */
export async function updateCapacityThreshold(
  db: Db,
  actor: AuditActor & { tenantId: string },
  { percent }: z.infer<typeof capacityThresholdSchema>,
) {
  // One transaction: the audit entry's "before" is the value this change replaced.
  return db.transaction(async (tx) => {
    const before = await getTenant(tx, { tenantId: actor.tenantId });
    await tx.update(tenants).set({ capacityThresholdPercent: percent, updatedAt: clock.now() }).where(eq(tenants.id, actor.tenantId));
    await recordAudit(tx, actor, {
      action: "settings.capacity_threshold_updated",
      entityType: "tenant",
      entityId: actor.tenantId,
      before: { capacityThresholdPercent: before.capacityThresholdPercent },
      after: { capacityThresholdPercent: percent },
    });
    return { percent };
  });
}

/** Stores the CSV column mapping the importer remembers for the tenant (what it holds is the importer's business). */
export async function saveImportMapping(tx: DbOrTx, { tenantId, mapping }: { tenantId: string; mapping: Record<string, string> }) {
  await tx.update(tenants).set({ importMapping: mapping, updatedAt: clock.now() }).where(eq(tenants.id, tenantId));
}

/** Locks the tenant's account-number sequence for the transaction (imports of one tenant queue here) and reads it. */
export async function lockAccountSequence(tx: DbOrTx, { tenantId }: { tenantId: string }): Promise<{ prefix: string; nextSeq: number }> {
  const [row] = await tx
    .select({ prefix: tenants.accountPrefix, nextSeq: tenants.nextAccountSeq })
    .from(tenants)
    .where(eq(tenants.id, tenantId))
    .for("update");
  if (!row) throw notFound("ISP account");
  return row;
}

/** Moves the sequence past account numbers that arrived with an import, so new accounts never reuse them. */
export async function skipAccountNumbersTo(tx: DbOrTx, { tenantId, next }: { tenantId: string; next: number }) {
  await tx
    .update(tenants)
    .set({ nextAccountSeq: sql`greatest(${tenants.nextAccountSeq}, ${next})` })
    .where(eq(tenants.id, tenantId));
}

/**
 * Reserves `n` consecutive account numbers. The row lock of the UPDATE serialises concurrent
 * creators, so two imports can never hand out the same number.
 */
export async function allocateAccountNumbers(tx: DbOrTx, { tenantId, n }: { tenantId: string; n: number }): Promise<string[]> {
  const [row] = await tx
    .update(tenants)
    .set({ nextAccountSeq: sql`${tenants.nextAccountSeq} + ${n}` })
    .where(eq(tenants.id, tenantId))
    .returning({ next: tenants.nextAccountSeq, prefix: tenants.accountPrefix });
  if (!row) throw new AppError("not_found", "ISP account not found.");
  const first = row.next - n;
  return Array.from({ length: n }, (_, i) => formatAccountNumber(row.prefix, first + i));
}

function pick(obj: Record<string, unknown>, keys: string[]) {
  return Object.fromEntries(keys.map((k) => [k, obj[k]]));
}

export async function listSaasPlans(db: DbOrTx) {
  return db.select().from(saasPlans).orderBy(asc(saasPlans.sortOrder));
}
