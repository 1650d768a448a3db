/*
 * An ISP's NetSphere account, kept by the same billing engine ISPs use for their subscribers: the ISP is a customer
 * of the platform tenant (lib/tenants/platform-tenant.ts) and its NetSphere plan a subscription there, with no
 * router. Opening the account starts the trial (the subscription's first day is the day after it, so the billing
 * run issues the first invoice then); a plan change goes through billing's proration; the operator records manual
 * payments through billing's recordPayment. This room writes only its own rows (platform_accounts, the ISP's plan);
 * everything in the platform tenant goes through its owners' functions.
 *
 * Functions here take the owner's handle (`ownerDb`): an account links rows of two tenants. The platform tenant's
 * own work runs on its bound handle (`platformHandle`), an ISP's rows are written as the owner, never both in one
 * transaction (on the embedded database a second connection's transaction would wait for the first).
 */
import "server-only";
import { eq, sql } from "drizzle-orm";
import { platformAccounts, saasPlans, tenants, type PlatformAccount, type Tenant } from "@/lib/tenants/schema";
import { getTenant } from "@/lib/tenants/service";
import { getTenantUsage } from "@/lib/tenants/limits";
import {
  ensurePlatformTenant,
  findPlatformTenantId,
  platformHandle,
  platformPlansMissing,
  platformServicePlanId,
  platformSystemActor,
} from "@/lib/tenants/platform-tenant";
import { firstBilledDay } from "@/lib/tenants/standing";
import { refreshStanding } from "@/lib/tenants/standing-service";
import { netsphereCycleLabels, type NetsphereCycle } from "@/lib/tenants/values";
import { addSubscriptionToCustomer, createCustomer } from "@/lib/customers/service";
import { customerFieldsSchema, type CustomerFields } from "@/lib/customers/rules";
import { switchPlan } from "@/lib/subscriptions/records";
import { changePlan } from "@/lib/billing/plan-change";
import { terminateSubscription } from "@/lib/billing/termination";
import { runBilling } from "@/lib/billing/run";
import { recordPayment } from "@/lib/billing/payments";
import { listInvoices } from "@/lib/billing/queries";
import type { PaymentMethod } from "@/lib/billing/values";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { addDays, todayIn } from "@/lib/core/calendar";
import { clock } from "@/lib/core/clock";
import { env } from "@/lib/core/env";
import { AppError, notFound } from "@/lib/core/errors";
import { formatMoney } from "@/lib/core/money";
import type { Db } from "@/lib/db/types";

/** Who acts: an ISP's owner (their name) or the NetSphere operator; recorded in both tenants' audit logs. */
export type PlatformActor = { userId: string | null; userName: string; operator?: boolean };

const labelOf = (actor: PlatformActor) => (actor.operator ? `${actor.userName} (NetSphere operator)` : actor.userName);

/** The platform tenant's id, made on first use. */
async function platformTenant(ownerDb: Db): Promise<string> {
  const id = await findPlatformTenantId(ownerDb);
  return id && !(await platformPlansMissing(ownerDb)) ? id : ensurePlatformTenant(ownerDb);
}

export async function getPlatformAccount(db: Db, { tenantId }: { tenantId: string }): Promise<PlatformAccount | null> {
  const [row] = await db.select().from(platformAccounts).where(eq(platformAccounts.tenantId, tenantId));
  return row ?? null;
}

/** The ISP as a customer of NetSphere: its name, the owner's email (where dunning writes), address and TIN when valid. */
function customerFieldsOf(isp: Tenant): CustomerFields {
  const base = { name: isp.name, email: isp.email, phone: isp.contactPhone, tin: isp.tin, serviceAddress: isp.address };
  const parsed = customerFieldsSchema.safeParse(base);
  if (parsed.success) return parsed.data;
  // A detail our customer rules read differently (a phone format) is left out rather than refusing the account.
  const bad = new Set(parsed.error.issues.map((issue) => String(issue.path[0])));
  return customerFieldsSchema.parse(Object.fromEntries(Object.entries(base).filter(([key]) => !bad.has(key))));
}

/**
 * Opens the ISP's NetSphere account unless it has one: a customer of the platform tenant and a subscription on its
 * NetSphere plan (`saasPlanId`, default the ISP's current one) whose first day is the day after the trial. Idempotent;
 * two first uses at once make one account (an advisory lock per ISP).
 */
export async function openPlatformAccount(
  ownerDb: Db,
  {
    tenantId,
    saasPlanId,
    cycle = "monthly",
    now = clock.now(),
    trialDays = env().NETSPHERE_TRIAL_DAYS,
  }: { tenantId: string; saasPlanId?: string; cycle?: NetsphereCycle; now?: Date; trialDays?: number },
): Promise<PlatformAccount> {
  const existing = await getPlatformAccount(ownerDb, { tenantId });
  if (existing) return existing;
  const platformId = await platformTenant(ownerDb);
  const isp = await getTenant(ownerDb, { tenantId });
  if (isp.kind !== "isp") throw new AppError("validation", "NetSphere does not bill itself.");
  const platform = await getTenant(ownerDb, { tenantId: platformId });
  const trialEndsOn = firstBilledDay(todayIn(platform.timezone, now), trialDays);
  const planId = await platformServicePlanId(ownerDb, { saasPlanId: saasPlanId ?? isp.saasPlanId, cycle });
  const actor = platformSystemActor(platformId);
  // One transaction as the owner: the account row is the ISP's, the customer and subscription the platform's.
  return ownerDb.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`platform-account:${tenantId}`}))`);
    const [again] = await tx.select().from(platformAccounts).where(eq(platformAccounts.tenantId, tenantId));
    if (again) return again;
    const customer = await createCustomer(tx, actor, { fields: customerFieldsOf(isp) });
    const subscription = await addSubscriptionToCustomer(tx, actor, {
      customerId: customer.id,
      input: { planId, routerId: null, startDate: trialEndsOn, status: "active", staticIp: null },
    });
    const [account] = await tx
      .insert(platformAccounts)
      .values({ tenantId, customerId: customer.id, subscriptionId: subscription.id, billingCycle: cycle, trialEndsOn, standingSince: now })
      .returning();
    if (saasPlanId && saasPlanId !== isp.saasPlanId) await tx.update(tenants).set({ saasPlanId, updatedAt: now }).where(eq(tenants.id, tenantId));
    await recordAudit(
      tx,
      { tenantId, userId: null, userName: "NetSphere billing" },
      {
        action: "tenant.netsphere_account_opened",
        entityType: "tenant",
        entityId: tenantId,
        after: { plan: saasPlanId ?? isp.saasPlanId, cycle, trialEndsOn, account: customer.accountNumber },
      },
    );
    return account;
  });
}

export type PlanChangeOutcome = {
  /** An invoice issued now (an upgrade's prorated charge, or the new cycle's first period). */
  invoiceNumber: string | null;
  /** A credit note for unused days (a downgrade, or what is left of the old cycle). */
  creditNoteNumber: string | null;
  chargeCentavos: number;
  creditCentavos: number;
  /** During the trial nothing is billed: the plan simply changes. */
  duringTrial: boolean;
};

/**
 * Moves the ISP to another NetSphere plan and/or billing cycle from today. Refused, with the numbers, when the ISP
 * already has more customers or routers than the new plan allows. During the trial only the plan changes; after it,
 * the same cycle goes through billing's plan change (unused days of the old plan credited, the new plan charged for
 * the same days: an upgrade on an invoice now, a downgrade as credit on the next), and a monthly ↔ yearly switch
 * ends the current subscription yesterday (its unused days credited) and starts one on the new cycle today, invoiced
 * at once with that credit applied.
 */
export async function changeNetspherePlan(
  ownerDb: Db,
  actor: PlatformActor,
  { tenantId, saasPlanId, cycle, now = clock.now() }: { tenantId: string; saasPlanId: string; cycle: NetsphereCycle; now?: Date },
): Promise<PlanChangeOutcome> {
  const [target] = await ownerDb.select().from(saasPlans).where(eq(saasPlans.id, saasPlanId));
  if (!target) throw new AppError("validation", "Choose one of the NetSphere plans.", { fieldErrors: { saasPlanId: ["Unknown plan"] } });
  const account = await openPlatformAccount(ownerDb, { tenantId, now });
  const isp = await getTenant(ownerDb, { tenantId });
  if (isp.saasPlanId === saasPlanId && account.billingCycle === cycle)
    throw new AppError("validation", `You are already on ${target.name}, billed ${cycle === "yearly" ? "yearly" : "monthly"}.`, {
      fieldErrors: { saasPlanId: ["Already your plan"] },
    });
  const usage = await getTenantUsage(ownerDb, { tenantId });
  if (usage.customers > target.maxCustomers || usage.routers > target.maxRouters)
    throw new AppError(
      "plan_limit",
      `${target.name} allows ${target.maxCustomers.toLocaleString("en-PH")} customers and ${target.maxRouters} router${target.maxRouters === 1 ? "" : "s"}; you have ${usage.customers.toLocaleString("en-PH")} customers and ${usage.routers} router${usage.routers === 1 ? "" : "s"}. Remove what is over, or choose a larger plan.`,
      { fieldErrors: { saasPlanId: ["Below your current usage"] }, details: { customers: usage.customers, routers: usage.routers } },
    );

  const platformId = await platformTenant(ownerDb);
  const platformDb = await platformHandle(ownerDb, platformId);
  const platform = await getTenant(ownerDb, { tenantId: platformId });
  const today = todayIn(platform.timezone, now);
  const newPlanId = await platformServicePlanId(ownerDb, { saasPlanId, cycle });
  const billingActor: TenantActor = { tenantId: platformId, userId: actor.userId, userName: `${labelOf(actor)} for ${isp.name}` };
  const outcome: PlanChangeOutcome = { invoiceNumber: null, creditNoteNumber: null, chargeCentavos: 0, creditCentavos: 0, duringTrial: false };
  let subscriptionId = account.subscriptionId;

  if (today < account.trialEndsOn) {
    // Nothing is billed before the trial ends: the subscription simply takes the new plan.
    outcome.duringTrial = true;
    await platformDb.transaction((tx) => switchPlan(tx, { tenantId: platformId, subscriptionId }, { planId: newPlanId, billedThrough: null }));
  } else if (cycle === account.billingCycle) {
    const change = await changePlan(platformDb, billingActor, { subscriptionId, planId: newPlanId, today });
    Object.assign(outcome, change);
  } else {
    const ended = await terminateSubscription(platformDb, billingActor, {
      subscriptionId,
      reason: `Switched to ${target.name}, billed ${netsphereCycleLabels[cycle].toLowerCase()}`,
      today: addDays(today, -1),
    });
    const next = await addSubscriptionToCustomer(platformDb, billingActor, {
      customerId: account.customerId,
      input: { planId: newPlanId, routerId: null, startDate: today, status: "active", staticIp: null },
    });
    subscriptionId = next.id;
    // The new cycle's first period is invoiced now; the run applies the credit note to it.
    await runBilling(platformDb, billingActor, { billUpTo: today, trigger: "manual", now });
    const issued = await newestInvoiceOf(platformDb, { platformId, customerId: account.customerId, today });
    outcome.creditNoteNumber = ended.creditNoteNumber;
    outcome.creditCentavos = ended.creditCentavos;
    outcome.invoiceNumber = issued?.number ?? null;
    outcome.chargeCentavos = issued?.totalCentavos ?? 0;
  }

  // The ISP's side: its caps follow the plan at once, and its own audit log says who changed it and what it cost.
  await ownerDb.transaction(async (tx) => {
    await tx
      .update(platformAccounts)
      .set({ subscriptionId, billingCycle: cycle, updatedAt: now })
      .where(eq(platformAccounts.tenantId, tenantId));
    await tx.update(tenants).set({ saasPlanId, updatedAt: now }).where(eq(tenants.id, tenantId));
    await recordAudit(
      tx,
      { tenantId, userId: actor.userId, userName: labelOf(actor) },
      {
        action: "tenant.plan_changed",
        entityType: "tenant",
        entityId: tenantId,
        before: { plan: isp.saasPlanId, cycle: account.billingCycle },
        after: {
          plan: saasPlanId,
          cycle,
          invoice: outcome.invoiceNumber,
          creditNote: outcome.creditNoteNumber,
          charged: formatMoney(outcome.chargeCentavos, platform.currency),
          credited: formatMoney(outcome.creditCentavos, platform.currency),
        },
      },
    );
  });
  await refreshStanding(ownerDb, { tenantId, now });
  return outcome;
}

/** The platform invoice issued to the ISP today, if any (newest first). */
async function newestInvoiceOf(platformDb: Db, { platformId, customerId, today }: { platformId: string; customerId: string; today: string }) {
  const { rows } = await listInvoices(platformDb, { tenantId: platformId, customerId, today });
  return rows.find((row) => row.issueDate === today && row.status !== "void") ?? null;
}

/** The operator records a payment an ISP made outside the online checkout (a bank transfer); the standing follows at once. */
export async function recordPlatformPayment(
  ownerDb: Db,
  actor: PlatformActor,
  input: { tenantId: string; amountCentavos: number; method: PaymentMethod; reference: string; receivedOn?: string; idempotencyKey: string },
) {
  const account = await getPlatformAccount(ownerDb, { tenantId: input.tenantId });
  if (!account) throw notFound("NetSphere account");
  const platformId = await platformTenant(ownerDb);
  const isp = await getTenant(ownerDb, { tenantId: input.tenantId });
  const result = await recordPayment(
    await platformHandle(ownerDb, platformId),
    { tenantId: platformId, userId: actor.userId, userName: `${labelOf(actor)} for ${isp.name}` },
    {
      customerId: account.customerId,
      amountCentavos: input.amountCentavos,
      method: input.method,
      reference: input.reference,
      receivedOn: input.receivedOn,
      idempotencyKey: input.idempotencyKey,
    },
  );
  await refreshStanding(ownerDb, { tenantId: input.tenantId });
  return result;
}
