import { and, eq, inArray } from "drizzle-orm";
import { subscriptions } from "@/lib/subscriptions/schema";
import { servicePlans } from "@/lib/plans/schema";
import { routers } from "@/lib/routers/schema";
import { recordAudit, type AuditActor } from "@/lib/audit/record";
import { decryptSecret, encryptSecret, generateServicePassword } from "@/lib/core/crypto";
import { AppError, isUniqueViolation, notFound } from "@/lib/core/errors";
import { assertRowsOfTenant } from "@/lib/core/ownership";
import { proposeUsername, type SubscriptionFields } from "@/lib/subscriptions/rules";
import type { Db, DbOrTx } from "@/lib/db/types";
import { tenants } from "@/lib/tenants/schema";
import { todayIn } from "@/lib/core/calendar";
import { cycleMonths, initialBilledThrough, type Anchor } from "@/lib/billing/periods";
import { claimAddress, nextFreeAddress, releaseAddresses } from "@/lib/ipam/service";
import { clock } from "@/lib/core/clock";
import { queueWebhookEvent } from "@/lib/webhooks/emit";
import { subscriptionEventData } from "@/lib/subscriptions/lifecycle";
import { followSubscriptionStatus } from "@/lib/customers/status";

type Actor = AuditActor & { tenantId: string };

/** Refuses subscription ids that are not all this tenant's (another ISP's subscription reads as not found). */
export async function assertSubscriptionsOfTenant(db: DbOrTx, tenantId: string, subscriptionIds: readonly string[], field?: string) {
  await assertRowsOfTenant(db, subscriptions, tenantId, subscriptionIds, { one: "subscription", many: "selected subscriptions" }, field);
}

export async function listSubscriptionsOfCustomer(db: DbOrTx, { tenantId, customerId }: { tenantId: string; customerId: string }) {
  return db
    .select({
      id: subscriptions.id,
      username: subscriptions.username,
      status: subscriptions.status,
      startDate: subscriptions.startDate,
      staticIp: subscriptions.staticIp,
      planId: subscriptions.planId,
      planName: servicePlans.name,
      planType: servicePlans.type,
      priceCentavos: servicePlans.priceCentavos,
      billingCycle: servicePlans.billingCycle,
      routerId: subscriptions.routerId,
      routerName: routers.name,
      provisionState: subscriptions.provisionState,
      provisionError: subscriptions.provisionError,
      suspendedReason: subscriptions.suspendedReason,
    })
    .from(subscriptions)
    .innerJoin(servicePlans, eq(servicePlans.id, subscriptions.planId))
    .leftJoin(routers, eq(routers.id, subscriptions.routerId))
    .where(and(eq(subscriptions.tenantId, tenantId), eq(subscriptions.customerId, customerId)));
}

/** Plan and router must belong to the caller's tenant; ids from another tenant read as unknown. */
export async function assertPlanAndRouter(db: DbOrTx, tenantId: string, planId: string, routerId: string | null) {
  const [plan] = await db
    .select({ id: servicePlans.id, name: servicePlans.name, active: servicePlans.active })
    .from(servicePlans)
    .where(and(eq(servicePlans.tenantId, tenantId), eq(servicePlans.id, planId)));
  if (!plan) throw new AppError("validation", "Choose one of your plans.", { fieldErrors: { planId: ["Unknown plan"] } });
  if (!plan.active) throw new AppError("validation", "This plan is inactive.", { fieldErrors: { planId: ["Plan is inactive"] } });
  if (!routerId) return { planName: plan.name, routerName: null };
  const [router] = await db
    .select({ id: routers.id, name: routers.name })
    .from(routers)
    .where(and(eq(routers.tenantId, tenantId), eq(routers.id, routerId)));
  if (!router) throw new AppError("validation", "Choose one of your routers.", { fieldErrors: { routerId: ["Unknown router"] } });
  return { planName: plan.name, routerName: router.name };
}

/** A backdated subscription is billed from the current period on, not for months gone by (see initialBilledThrough). */
async function billingStartOf(tx: DbOrTx, tenantId: string, planId: string, startDate: string) {
  const [row] = await tx
    .select({ anchor: tenants.billingAnchor, day: tenants.billingDay, timezone: tenants.timezone, cycle: servicePlans.billingCycle })
    .from(tenants)
    .innerJoin(servicePlans, and(eq(servicePlans.tenantId, tenants.id), eq(servicePlans.id, planId)))
    .where(eq(tenants.id, tenantId));
  if (!row) return null;
  const anchor: Anchor = row.anchor === "billing_day" ? { kind: "billing_day", day: row.day } : { kind: "anniversary", startDate };
  return initialBilledThrough({ startDate, today: todayIn(row.timezone), anchor, months: cycleMonths[row.cycle] });
}

/** Creates the service account: username from the account number unless given, password generated unless given. */
export async function createSubscription(
  tx: DbOrTx,
  actor: Actor,
  { customerId, accountNumber, input }: { customerId: string; accountNumber: string; input: SubscriptionFields },
) {
  const { planName, routerName } = await assertPlanAndRouter(tx, actor.tenantId, input.planId, input.routerId);
  let username = input.username;
  if (!username) {
    const base = proposeUsername(accountNumber, () => false);
    const existing = await tx
      .select({ u: subscriptions.username })
      .from(subscriptions)
      .where(
        and(
          eq(subscriptions.tenantId, actor.tenantId),
          inArray(subscriptions.username, [base, ...Array.from({ length: 20 }, (_, i) => `${base}-${i + 2}`)]),
        ),
      );
    const taken = new Set(existing.map((r) => r.u));
    username = proposeUsername(accountNumber, (c) => taken.has(c));
  }
  const password = input.password ?? generateServicePassword();
  const billedThrough = await billingStartOf(tx, actor.tenantId, input.planId, input.startDate);
  try {
    const [sub] = await tx
      .insert(subscriptions)
      .values({
        tenantId: actor.tenantId,
        customerId,
        planId: input.planId,
        routerId: input.routerId,
        username,
        passwordEncrypted: encryptSecret(password),
        staticIp: input.staticIp,
        startDate: input.startDate,
        status: input.status,
        billedThrough,
      })
      .returning();
    if (sub.staticIp) await claimAddress(tx, { tenantId: actor.tenantId, subscriptionId: sub.id, address: sub.staticIp });
    await recordAudit(tx, actor, {
      action: "subscription.created",
      entityType: "subscription",
      entityId: sub.id,
      customerId,
      after: { username, plan: planName, router: routerName, startDate: sub.startDate, status: sub.status },
    });
    // A subscription that starts active is an activation.
    if (sub.status === "active")
      await queueWebhookEvent(tx, {
        tenantId: actor.tenantId,
        type: "subscription.activated",
        data: {
          ...subscriptionEventData({ ...sub, previousStatus: null, reason: null, source: null, at: sub.createdAt }),
          startDate: sub.startDate,
        },
      });
    return sub;
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError("conflict", `The username "${username}" is already used.`, {
        fieldErrors: { username: ["Already used by another subscription"] },
      });
    throw error;
  }
}

export async function revealSubscriptionPassword(db: DbOrTx, actor: Actor, { subscriptionId }: { subscriptionId: string }) {
  const [sub] = await db
    .select()
    .from(subscriptions)
    .where(and(eq(subscriptions.tenantId, actor.tenantId), eq(subscriptions.id, subscriptionId)));
  if (!sub) throw notFound("Subscription");
  await recordAudit(db, actor, {
    action: "subscription.password_revealed",
    entityType: "subscription",
    entityId: sub.id,
    customerId: sub.customerId,
  });
  return decryptSecret(sub.passwordEncrypted);
}

export async function usernamesOfCustomer(db: DbOrTx, { tenantId, customerId }: { tenantId: string; customerId: string }) {
  const rows = await db
    .select({ u: subscriptions.username })
    .from(subscriptions)
    .where(and(eq(subscriptions.tenantId, tenantId), eq(subscriptions.customerId, customerId)));
  return rows.map((r) => r.u);
}

/**
 * A subscription's static address: typed (checked and recorded by IP management), the next free of a pool, or none.
 * The router gets it (PPP `remote-address`, the queue target) on the next reconcile.
 */
export async function setStaticIp(
  db: Db,
  actor: Actor,
  { subscriptionId, staticIp, poolId }: { subscriptionId: string; staticIp: string | null; poolId: string | null },
): Promise<{ staticIp: string | null; routerId: string | null }> {
  return db.transaction(async (tx) => {
    const [sub] = await tx
      .select({ id: subscriptions.id, customerId: subscriptions.customerId, staticIp: subscriptions.staticIp, status: subscriptions.status, routerId: subscriptions.routerId })
      .from(subscriptions)
      .where(and(eq(subscriptions.tenantId, actor.tenantId), eq(subscriptions.id, subscriptionId)))
      .for("update");
    if (!sub) throw notFound("Subscription");
    if (sub.status === "terminated") throw new AppError("conflict", "This subscription has ended: its address went back to the pool.");
    let address = staticIp;
    if (!address && poolId) {
      address = await nextFreeAddress(tx, { tenantId: actor.tenantId, poolId });
      if (!address) throw new AppError("conflict", "That pool has no free address left.", { fieldErrors: { poolId: ["No free address left"] } });
    }
    const recorded = address ? (await claimAddress(tx, { tenantId: actor.tenantId, subscriptionId, address })).address : null;
    if (!recorded) await releaseAddresses(tx, { tenantId: actor.tenantId, subscriptionId });
    await tx
      .update(subscriptions)
      .set({ staticIp: recorded, provisionState: "pending", updatedAt: clock.now() })
      .where(and(eq(subscriptions.tenantId, actor.tenantId), eq(subscriptions.id, subscriptionId)));
    await recordAudit(tx, actor, {
      action: "subscription.static_ip",
      entityType: "subscription",
      entityId: subscriptionId,
      customerId: sub.customerId,
      before: { staticIp: sub.staticIp },
      after: { staticIp: recorded },
    });
    return { staticIp: recorded, routerId: sub.routerId };
  });
}

/**
 * Starts a pending subscription's service (pending → active), e.g. when the technician has installed it. Service and
 * billing start today, the ISP's calendar day, whatever start date was planned: the days it waited were never
 * served, and an installation done early is served from today. The router account follows through a reconcile.
 */
export async function activateSubscription(
  db: Db,
  actor: Actor,
  { subscriptionId, note }: { subscriptionId: string; note: string },
): Promise<{ routerId: string | null; startDate: string }> {
  return db.transaction(async (tx) => {
    const [sub] = await tx
      .select({
        id: subscriptions.id,
        customerId: subscriptions.customerId,
        planId: subscriptions.planId,
        routerId: subscriptions.routerId,
        username: subscriptions.username,
        status: subscriptions.status,
        startDate: subscriptions.startDate,
      })
      .from(subscriptions)
      .where(and(eq(subscriptions.tenantId, actor.tenantId), eq(subscriptions.id, subscriptionId)))
      .for("update");
    if (!sub) throw notFound("Subscription");
    if (sub.status !== "pending") throw new AppError("conflict", `Only a pending subscription can be activated; this one is ${sub.status}.`);
    const [tenant] = await tx.select({ timezone: tenants.timezone }).from(tenants).where(eq(tenants.id, actor.tenantId));
    const startDate = todayIn(tenant.timezone);
    const billedThrough = await billingStartOf(tx, actor.tenantId, sub.planId, startDate);
    const now = clock.now();
    await tx
      .update(subscriptions)
      .set({ status: "active", startDate, billedThrough, provisionState: "pending", provisionError: null, updatedAt: now })
      .where(and(eq(subscriptions.tenantId, actor.tenantId), eq(subscriptions.id, subscriptionId)));
    await followSubscriptionStatus(tx, { tenantId: actor.tenantId, customerIds: [sub.customerId], status: "active" });
    await recordAudit(tx, actor, {
      action: "subscription.activated",
      entityType: "subscription",
      entityId: sub.id,
      customerId: sub.customerId,
      before: { status: "pending", startDate: sub.startDate },
      after: { status: "active", startDate, username: sub.username, note },
    });
    await queueWebhookEvent(tx, {
      tenantId: actor.tenantId,
      type: "subscription.activated",
      data: {
        ...subscriptionEventData({ ...sub, status: "active", previousStatus: "pending", reason: note, source: null, at: now }),
        startDate,
      },
    });
    return { routerId: sub.routerId, startDate };
  });
}
