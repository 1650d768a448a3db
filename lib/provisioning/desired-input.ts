import { and, eq, inArray, ne } from "drizzle-orm";
import { servicePlans } from "@/lib/plans/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { tenants } from "@/lib/tenants/schema";
import { voucherBatches, vouchers } from "@/lib/hotspot/schema";
import { queueTreeNodes } from "@/lib/queues/schema";
import { decryptSecret } from "@/lib/core/crypto";
import { capsOf } from "@/lib/quotas/caps";
import { poolsOnRouter } from "@/lib/ipam/queries";
import { markerOwner, type DesiredInput } from "@/lib/provisioning/desired";
import { installationId } from "@/lib/provisioning/installation";
import type { DbOrTx } from "@/lib/db/types";

/** Our rows for one router, as the pure `desiredState` takes them. Passwords are decrypted here, in memory only. */
export async function loadDesiredInput(db: DbOrTx, { tenantId, routerId }: { tenantId: string; routerId: string }): Promise<DesiredInput> {
  const [tenant] = await db
    .select({
      mode: tenants.isolationMode,
      profile: tenants.isolationProfile,
      addressList: tenants.isolationAddressList,
      rateLimit: tenants.isolationRateLimit,
    })
    .from(tenants)
    .where(eq(tenants.id, tenantId));
  const [plans, subs, codes, nodes, allSubs, allCodes, installation, pools] = await Promise.all([
    db.select().from(servicePlans).where(eq(servicePlans.tenantId, tenantId)),
    db
      .select({
        id: subscriptions.id,
        username: subscriptions.username,
        passwordEncrypted: subscriptions.passwordEncrypted,
        planId: subscriptions.planId,
        status: subscriptions.status,
        staticIp: subscriptions.staticIp,
        macAddress: subscriptions.macAddress,
      })
      .from(subscriptions)
      .where(and(eq(subscriptions.tenantId, tenantId), eq(subscriptions.routerId, routerId), inArray(subscriptions.status, ["active", "suspended"]))),
    db
      .select({ id: vouchers.id, code: vouchers.code, planId: voucherBatches.planId, validitySeconds: voucherBatches.validitySeconds })
      .from(vouchers)
      .innerJoin(voucherBatches, eq(voucherBatches.id, vouchers.batchId))
      .where(and(eq(vouchers.tenantId, tenantId), eq(vouchers.routerId, routerId), ne(vouchers.status, "disabled"))),
    db
      .select()
      .from(queueTreeNodes)
      .where(and(eq(queueTreeNodes.tenantId, tenantId), eq(queueTreeNodes.routerId, routerId))),
    // Any status: a legacy marker naming a terminated subscription or a disabled voucher of this router is still ours to remove.
    db
      .select({ id: subscriptions.id })
      .from(subscriptions)
      .where(and(eq(subscriptions.tenantId, tenantId), eq(subscriptions.routerId, routerId))),
    db
      .select({ id: vouchers.id })
      .from(vouchers)
      .where(and(eq(vouchers.tenantId, tenantId), eq(vouchers.routerId, routerId))),
    installationId(db),
    poolsOnRouter(db, { tenantId, routerId }),
  ]);
  const nodeNames = new Map(nodes.map((n) => [n.id, n.name]));
  const caps = await capsOf(db, { tenantId, subscriptionIds: subs.map((s) => s.id) });
  return {
    owner: markerOwner(installation, routerId),
    knownIds: { subscriptions: allSubs.map((s) => s.id), vouchers: allCodes.map((v) => v.id) },
    isolation: tenant,
    plans,
    subscriptions: subs.map(({ passwordEncrypted, ...s }) => {
      const cap = caps.get(s.id);
      return { ...s, password: decryptSecret(passwordEncrypted), cap: cap && cap !== "notify" ? cap : null };
    }),
    vouchers: codes,
    queueNodes: nodes.map((n) => ({ ...n, parentName: n.parentId ? (nodeNames.get(n.parentId) ?? null) : null })),
    pools,
  };
}
