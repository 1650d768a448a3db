/*
 * The platform tenant: NetSphere as a tenant of its own billing engine. Its customers are the ISPs, its service plans
 * the NetSphere plans (each twice: billed monthly and yearly), its subscriptions each ISP's plan. It is an ordinary
 * tenant row marked `kind = 'platform'` (at most one: a partial unique index), never listed as an ISP, with no staff,
 * no routers and no portal. It is made on first use (and by the demo seed), idempotently; the NetSphere plans'
 * prices follow the catalogue (lib/tenants/saas-plans.ts) each time it is ensured.
 */
import "server-only";
import { asc, eq, isNull, or } from "drizzle-orm";
import { saasPlans, tenants } from "@/lib/tenants/schema";
import { createPlan, listPlans, updatePlan } from "@/lib/plans/service";
import type { PlanFields } from "@/lib/plans/rules";
import { saveTemplate } from "@/lib/notify/templates";
import { tenantHandle } from "@/lib/db/tenant-bound";
import { AppError } from "@/lib/core/errors";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { clock } from "@/lib/core/clock";
import type { Db, DbOrTx } from "@/lib/db/types";
import type { NetsphereCycle } from "@/lib/tenants/values";
import { PLATFORM_PAYMENT_TERMS_DAYS, READ_ONLY_AFTER_DAYS } from "@/lib/tenants/standing";

/** Who the platform tenant's own changes are recorded as. */
export const platformSystemActor = (tenantId: string): TenantActor => ({ tenantId, userId: null, userName: "NetSphere billing" });

/** NetSphere's invoices: prepaid from each subscription's first day, VAT-inclusive prices, due in a week, read-only after dunning. */
const platformTenantRow = {
  kind: "platform" as const,
  name: "NetSphere",
  legalName: "NetSphere ISP Suite",
  email: "billing@netsphere.ph",
  saasPlanId: "executive-pro",
  onboardingStep: "done" as const,
  billingMode: "prepaid" as const,
  billingAnchor: "anniversary" as const,
  paymentTermsDays: PLATFORM_PAYMENT_TERMS_DAYS,
  reminderDaysBefore: 3,
  reminderDaysAfter: 1,
  // Dunning's "suspend" step is the read-only day: the subscription (no router) is suspended for non-payment, and a
  // payment lifts it, as for any subscriber.
  suspendAfterDays: READ_ONLY_AFTER_DAYS,
  invoicePrefix: "NS",
  receiptPrefix: "NSOR",
  creditNotePrefix: "NSCN",
  accountPrefix: "ISP",
};

/** The platform tenant's id, or null before its first use. Needs a handle that may read every tenant row (the owner's). */
export async function findPlatformTenantId(db: DbOrTx): Promise<string | null> {
  const [row] = await db.select({ id: tenants.id }).from(tenants).where(eq(tenants.kind, "platform"));
  return row?.id ?? null;
}

/**
 * The platform tenant's handle: every statement bound to it by the row-level policies, like any tenant's work. The
 * owner's handle knows its bound twins where it was opened (jobs, tests); inside the app's server bundles the twin
 * registry may be another module's copy, so the app's own connection hands out the bound handle there.
 */
export async function platformHandle(ownerDb: Db, platformTenantId: string): Promise<Db> {
  try {
    return tenantHandle(ownerDb, platformTenantId);
  } catch {
    return (await import("@/lib/db")).tenantDb(platformTenantId);
  }
}

/** The platform service plan of a NetSphere plan and cycle, made by `ensurePlatformTenant`. */
export async function platformServicePlanId(db: DbOrTx, { saasPlanId, cycle }: { saasPlanId: string; cycle: NetsphereCycle }): Promise<string> {
  const [plan] = await db
    .select({ monthly: saasPlans.monthlyServicePlanId, yearly: saasPlans.yearlyServicePlanId })
    .from(saasPlans)
    .where(eq(saasPlans.id, saasPlanId));
  if (!plan) throw new AppError("validation", "Choose one of the NetSphere plans.", { fieldErrors: { saasPlanId: ["Unknown plan"] } });
  const id = cycle === "yearly" ? plan.yearly : plan.monthly;
  if (!id) throw new AppError("conflict", "NetSphere's plans are being set up; try again in a moment.");
  return id;
}

/** The NetSphere plan and cycle a platform service plan bills, or null for a plan that is none of them. */
export async function saasPlanOfServicePlan(db: DbOrTx, servicePlanId: string): Promise<{ saasPlanId: string; cycle: NetsphereCycle } | null> {
  const [row] = await db
    .select({ id: saasPlans.id, monthly: saasPlans.monthlyServicePlanId })
    .from(saasPlans)
    .where(or(eq(saasPlans.monthlyServicePlanId, servicePlanId), eq(saasPlans.yearlyServicePlanId, servicePlanId)));
  return row ? { saasPlanId: row.id, cycle: row.monthly === servicePlanId ? "monthly" : "yearly" } : null;
}

const servicePlanName = (name: string, cycle: NetsphereCycle) => `NetSphere ${name} · ${cycle === "yearly" ? "yearly" : "monthly"}`;

/** A NetSphere plan as a service plan of the platform tenant: no speeds to enforce (nothing is provisioned), one price. */
function servicePlanFields(plan: typeof saasPlans.$inferSelect, cycle: NetsphereCycle): PlanFields {
  return {
    name: servicePlanName(plan.name, cycle),
    type: "static",
    downloadKbps: 1000,
    uploadKbps: 1000,
    burstDownloadKbps: null,
    burstUploadKbps: null,
    burstThresholdDownloadKbps: null,
    burstThresholdUploadKbps: null,
    burstTimeSeconds: null,
    priceCentavos: cycle === "yearly" ? plan.yearlyPriceCentavos : plan.monthlyPriceCentavos,
    taxInclusive: true,
    taxClassId: null,
    billingCycle: cycle === "yearly" ? "annual" : "monthly",
    active: true,
    quotaBytes: null,
    quotaDirection: "total",
    quotaAction: "notify",
    quotaThrottleRate: null,
    quotaProfile: null,
  };
}

/**
 * Makes the platform tenant and its service plans unless they exist, and brings the plans' prices in line with the
 * catalogue. Safe to run at once from two places: the tenant row is claimed by its unique index and a plan made by
 * another caller is found by its name. `ownerDb` is the owner's handle (saas_plans is reference data tenant work
 * may only read).
 */
export async function ensurePlatformTenant(ownerDb: Db): Promise<string> {
  let tenantId = await findPlatformTenantId(ownerDb);
  let created = false;
  if (!tenantId) {
    const inserted = await ownerDb.insert(tenants).values(platformTenantRow).onConflictDoNothing().returning({ id: tenants.id });
    created = inserted.length > 0;
    tenantId = inserted[0]?.id ?? (await findPlatformTenantId(ownerDb));
    if (!tenantId) throw new Error("The platform tenant could not be created.");
  }
  const platformDb = await platformHandle(ownerDb, tenantId);
  const actor = platformSystemActor(tenantId);
  const catalogue = await ownerDb.select().from(saasPlans).orderBy(asc(saasPlans.sortOrder));
  const existing = new Map((await listPlans(platformDb, { tenantId })).map((plan) => [plan.name, plan]));
  for (const plan of catalogue) {
    const ids: Partial<Record<NetsphereCycle, string>> = {};
    for (const cycle of ["monthly", "yearly"] as const) {
      const fields = servicePlanFields(plan, cycle);
      const found = existing.get(fields.name);
      if (!found) ids[cycle] = await createOrFind(platformDb, actor, fields);
      else {
        if (found.priceCentavos !== fields.priceCentavos || !found.active) await updatePlan(platformDb, actor, { planId: found.id, input: fields });
        ids[cycle] = found.id;
      }
    }
    if (plan.monthlyServicePlanId !== ids.monthly || plan.yearlyServicePlanId !== ids.yearly)
      await ownerDb
        .update(saasPlans)
        .set({ monthlyServicePlanId: ids.monthly, yearlyServicePlanId: ids.yearly })
        .where(eq(saasPlans.id, plan.id));
  }
  if (created) await saveNetsphereWording(platformDb, actor);
  return tenantId;
}

/** True when a NetSphere plan still lacks its platform service plans (the platform tenant needs ensuring). */
export async function platformPlansMissing(db: DbOrTx): Promise<boolean> {
  const [row] = await db
    .select({ id: saasPlans.id })
    .from(saasPlans)
    .where(or(isNull(saasPlans.monthlyServicePlanId), isNull(saasPlans.yearlyServicePlanId)))
    .limit(1);
  return !!row;
}

async function createOrFind(platformDb: Db, actor: TenantActor, fields: PlanFields): Promise<string> {
  try {
    return (await createPlan(platformDb, actor, fields)).id;
  } catch (error) {
    // Another first use made it a moment ago.
    if (!(error instanceof AppError) || error.code !== "conflict") throw error;
    const plan = (await listPlans(platformDb, { tenantId: actor.tenantId })).find((p) => p.name === fields.name);
    if (!plan) throw error;
    return plan.id;
  }
}

const lines = (...parts: string[]) => parts.join("\n");

/** Dunning messages in NetSphere's words: the ISP's account, not an internet connection, is what is at stake. */
async function saveNetsphereWording(platformDb: Db, actor: TenantActor) {
  const signOff = lines("", "NetSphere billing");
  const texts = [
    {
      event: "due_reminder" as const,
      subject: "NetSphere invoice {{invoiceNumber}} is due {{dueWhen}}",
      body: lines(
        "Hello {{customerName}},",
        "",
        "Your NetSphere invoice {{invoiceNumber}} for {{amountDue}} is due {{dueWhen}}.",
        `If it stays unpaid ${READ_ONLY_AFTER_DAYS} days after its due date, your NetSphere account becomes read-only until it is paid.`,
        "",
        "Pay online: {{payUrl}}",
        "Or open Settings → NetSphere plan in NetSphere.",
        signOff,
      ),
    },
    {
      event: "overdue" as const,
      subject: "Overdue: NetSphere invoice {{invoiceNumber}}",
      body: lines(
        "Hello {{customerName}},",
        "",
        "Your NetSphere invoice {{invoiceNumber}} was due on {{dueDate}} and is {{daysOverdue}} overdue. Amount still owed: {{amountDue}}.",
        `${READ_ONLY_AFTER_DAYS} days after the due date your NetSphere account becomes read-only: your staff can still sign in, look and pay, but not change anything. Your subscribers, their portal, payments and your routers are not affected.`,
        "",
        "Pay online: {{payUrl}}",
        "",
        "If you have already paid, thank you, and please ignore this reminder.",
        signOff,
      ),
    },
    {
      event: "suspension" as const,
      subject: "Your NetSphere account is read-only: invoice {{invoiceNumber}} is overdue",
      body: lines(
        "Hello {{customerName}},",
        "",
        "Your NetSphere account is read-only until invoice {{invoiceNumber}} ({{amountDue}}, due {{dueDate}}) is paid. Your staff can sign in, look and pay; changes are refused. Your subscribers, their portal, payments and your routers keep working.",
        "",
        "Pay online: {{payUrl}}. Your account is back to normal the moment the payment is recorded.",
        signOff,
      ),
    },
  ];
  for (const text of texts) await saveTemplate(platformDb, actor, { ...text, channel: "email", enabled: true });
}

/**
 * How ISPs pay NetSphere by bank transfer (bank, account name and number): the platform tenant's invoice notes, so
 * every NetSphere invoice prints them and Settings → NetSphere plan shows them. Set by the operator, audited.
 */
export async function setNetsphereBankDetails(ownerDb: Db, operator: { userId: string | null; userName: string }, { text }: { text: string }) {
  const platformId = await ensurePlatformTenant(ownerDb);
  await ownerDb.transaction(async (tx) => {
    const [before] = await tx.select({ notes: tenants.invoiceNotes }).from(tenants).where(eq(tenants.id, platformId));
    await tx.update(tenants).set({ invoiceNotes: text, updatedAt: clock.now() }).where(eq(tenants.id, platformId));
    await recordAudit(
      tx,
      { tenantId: platformId, userId: operator.userId, userName: `${operator.userName} (NetSphere operator)` },
      { action: "netsphere.bank_details_saved", entityType: "tenant", entityId: platformId, before: { text: before?.notes ?? "" }, after: { text } },
    );
  });
}
