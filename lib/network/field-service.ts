/*
 * What a technician may change on a subscriber's service from the field: disconnect the live session,
 * set a new PPPoE/hotspot password, push the account to the router again, bind or unbind the CPE's MAC.
 * Our records change in one audited transaction; the router follows through the reconciler, so a router
 * that is down never leaves our records half-changed (the scheduled reconcile converges later).
 */
import "server-only";
import { and, eq } from "drizzle-orm";
import { subscriptions } from "@/lib/subscriptions/schema";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { encryptSecret, generateServicePassword } from "@/lib/core/crypto";
import { AppError, notFound } from "@/lib/core/errors";
import { reconcileRouter } from "@/lib/provisioning/reconcile";
import { requestReconcile } from "@/lib/provisioning/trigger";
import { kickActiveSession } from "@/lib/network/service";
import { loadStatusTarget } from "@/lib/network/subscriber-status";
import type { Db } from "@/lib/db/types";
import { setServiceCredentials } from "@/lib/subscriptions/records";

async function loadOwnSubscription(db: Db, tenantId: string, subscriptionId: string) {
  const target = await loadStatusTarget(db, { tenantId, subscriptionId });
  const [row] = await db
    .select({ customerId: subscriptions.customerId, macAddress: subscriptions.macAddress, status: subscriptions.status })
    .from(subscriptions)
    .where(and(eq(subscriptions.tenantId, tenantId), eq(subscriptions.id, subscriptionId)));
  if (!row) throw notFound("Subscription");
  return { ...target, ...row };
}

function requireRouterSession(target: { routerId: string | null; service: "ppp" | "hotspot" | null }) {
  if (!target.routerId || !target.service) throw new AppError("validation", "This subscription has no router account to change.");
  return { routerId: target.routerId, service: target.service };
}

/** Disconnects the subscriber's live session so the CPE logs in again with the current settings. */
export async function kickSubscriberSession(db: Db, actor: TenantActor, { subscriptionId }: { subscriptionId: string }) {
  const sub = await loadOwnSubscription(db, actor.tenantId, subscriptionId);
  const { routerId, service } = requireRouterSession(sub);
  return kickActiveSession(db, actor, { routerId, service, name: sub.username, customerId: sub.customerId });
}

/** Sets a new service password (generated unless given); the router gets it from the reconciler. Shown once. */
export async function resetServicePassword(db: Db, actor: TenantActor, { subscriptionId, password }: { subscriptionId: string; password?: string }) {
  const sub = await loadOwnSubscription(db, actor.tenantId, subscriptionId);
  const { routerId } = requireRouterSession(sub);
  const next = password ?? generateServicePassword();
  await db.transaction(async (tx) => {
    await setServiceCredentials(tx, { tenantId: actor.tenantId, subscriptionId }, { passwordEncrypted: encryptSecret(next) });
    await recordAudit(tx, actor, {
      action: "subscription.password_reset",
      entityType: "subscription",
      entityId: subscriptionId,
      customerId: sub.customerId,
      after: { username: sub.username, chosen: password !== undefined },
    });
  });
  requestReconcile(db, { tenantId: actor.tenantId, routerId, trigger: "change" });
  return { password: next };
}

/** Binds the PPPoE account to the CPE's MAC (caller-id) or removes the binding; empty = unbind. */
export async function changeMacBinding(db: Db, actor: TenantActor, { subscriptionId, macAddress }: { subscriptionId: string; macAddress: string }) {
  const sub = await loadOwnSubscription(db, actor.tenantId, subscriptionId);
  const { routerId } = requireRouterSession(sub);
  const next = macAddress === "" ? null : macAddress;
  if (next === sub.macAddress) return { macAddress: next, changed: false };
  await db.transaction(async (tx) => {
    await setServiceCredentials(tx, { tenantId: actor.tenantId, subscriptionId }, { macAddress: next });
    await recordAudit(tx, actor, {
      action: "subscription.mac_binding_changed",
      entityType: "subscription",
      entityId: subscriptionId,
      customerId: sub.customerId,
      before: { macAddress: sub.macAddress },
      after: { macAddress: next },
    });
  });
  requestReconcile(db, { tenantId: actor.tenantId, routerId, trigger: "change" });
  return { macAddress: next, changed: true };
}

/**
 * Pushes the account to its router now and says how it went: the router's run is awaited, so the answer
 * is the subscription's state after it (synced, conflict or error) and, when the router failed, why.
 */
export async function reprovisionSubscription(db: Db, actor: TenantActor, { subscriptionId }: { subscriptionId: string }) {
  const sub = await loadOwnSubscription(db, actor.tenantId, subscriptionId);
  const { routerId } = requireRouterSession(sub);
  await recordAudit(db, actor, {
    action: "subscription.reprovisioned",
    entityType: "subscription",
    entityId: subscriptionId,
    customerId: sub.customerId,
    after: { username: sub.username, router: sub.routerName },
  });
  const run = await reconcileRouter(db, { tenantId: actor.tenantId, routerId, trigger: "manual", actor });
  const [after] = await db
    .select({ provisionState: subscriptions.provisionState, provisionError: subscriptions.provisionError })
    .from(subscriptions)
    .where(and(eq(subscriptions.tenantId, actor.tenantId), eq(subscriptions.id, subscriptionId)));
  // A router that could not be reached leaves the account pending; say why instead of "pending".
  return { ...after, routerError: run.status === "failed" ? run.error : null };
}
