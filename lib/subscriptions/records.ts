/*
 * Writes to a subscription row that are not status moves (those are lifecycle.ts): its plan, its service
 * credentials, where billing stands, and where the router stands. Other domains decide the values — billing its
 * billed-through day, provisioning the outcome of a reconcile — and call these to record them, in their own
 * transaction. Every write here marks what the reconciler must carry to the router.
 */
import { and, eq, inArray, isNotNull, isNull, ne, or, sql } from "drizzle-orm";
import { subscriptions, type ProvisionState } from "@/lib/subscriptions/schema";
import { clock } from "@/lib/core/clock";
import type { DbOrTx } from "@/lib/db/types";

type One = { tenantId: string; subscriptionId: string };
const one = ({ tenantId, subscriptionId }: One) => and(eq(subscriptions.tenantId, tenantId), eq(subscriptions.id, subscriptionId));

/** A plan change: the new plan from now on, and billing's position after it (what it charged or credited). */
export async function switchPlan(tx: DbOrTx, target: One, { planId, billedThrough }: { planId: string; billedThrough: string | null }) {
  await tx.update(subscriptions).set({ planId, billedThrough, provisionState: "pending", updatedAt: clock.now() }).where(one(target));
}

/** New service credentials (an encrypted password, a MAC binding): the router gets them on the next reconcile. */
export async function setServiceCredentials(tx: DbOrTx, target: One, credentials: { passwordEncrypted: string } | { macAddress: string | null }) {
  await tx
    .update(subscriptions)
    .set({ ...credentials, provisionState: "pending", updatedAt: clock.now() })
    .where(one(target));
}

/** Billing has invoiced each subscription through the given day (one statement for a whole batch). */
export async function advanceBilledThrough(tx: DbOrTx, tenantId: string, through: Map<string, string>) {
  if (through.size === 0) return;
  const json = JSON.stringify([...through].map(([id, day]) => ({ id, through: day })));
  await tx.execute(sql`
    update subscriptions s set billed_through = v.through, updated_at = ${clock.now()}
    from jsonb_to_recordset(${json}::jsonb) as v(id uuid, through date)
    where s.id = v.id and s.tenant_id = ${tenantId}`);
}

export type ProvisionOutcome = { state: ProvisionState; error: string | null };

/**
 * Where a router stands against its subscriptions after a reconcile: with `completed`, every live one not named
 * is synced (rows already synced are not rewritten); the named ones take their own state.
 */
export async function recordProvisionOutcomes(
  tx: DbOrTx,
  { tenantId, routerId, completed, outcomes }: { tenantId: string; routerId: string; completed: boolean; outcomes: Map<string, ProvisionOutcome> },
) {
  const now = clock.now();
  if (completed)
    await tx
      .update(subscriptions)
      .set({ provisionState: "synced", provisionError: null, provisionedAt: now })
      .where(
        and(
          eq(subscriptions.tenantId, tenantId),
          eq(subscriptions.routerId, routerId),
          inArray(subscriptions.status, ["active", "suspended"]),
          or(ne(subscriptions.provisionState, "synced"), isNotNull(subscriptions.provisionError), isNull(subscriptions.provisionedAt)),
        ),
      );
  const groups = new Map<string, string[]>();
  for (const [id, value] of outcomes) {
    if (value.state === "synced" && completed) continue;
    const key = JSON.stringify(value);
    groups.set(key, [...(groups.get(key) ?? []), id]);
  }
  for (const [key, ids] of groups) {
    const value = JSON.parse(key) as ProvisionOutcome;
    for (let i = 0; i < ids.length; i += 5000)
      await tx
        .update(subscriptions)
        .set({ provisionState: value.state, provisionError: value.error, ...(value.state === "synced" ? { provisionedAt: now } : {}) })
        .where(and(eq(subscriptions.tenantId, tenantId), inArray(subscriptions.id, ids.slice(i, i + 5000))));
  }
}

/** Subscriptions a router no longer serves (pending or ended) have nothing to provision. */
export async function markNotProvisioned(tx: DbOrTx, { tenantId, routerId }: { tenantId: string; routerId: string }) {
  await tx
    .update(subscriptions)
    .set({ provisionState: "not_applicable", provisionError: null })
    .where(
      and(
        eq(subscriptions.tenantId, tenantId),
        eq(subscriptions.routerId, routerId),
        inArray(subscriptions.status, ["pending", "terminated"]),
        ne(subscriptions.provisionState, "not_applicable"),
      ),
    );
}
