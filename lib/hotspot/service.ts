import { and, asc, count, desc, eq, inArray, ne } from "drizzle-orm";
import { voucherBatches, vouchers, voucherStatuses } from "@/lib/hotspot/schema";
import { servicePlans } from "@/lib/plans/schema";
import { routers } from "@/lib/routers/schema";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { AppError, isUniqueViolation, notFound } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import { generateVoucherCodes, type RandomBytes, type VoucherBatchFields } from "@/lib/hotspot/rules";
import type { Db, DbOrTx } from "@/lib/db/types";

type RouterIds = { tenantId: string; routerId: string };
type VoucherStatus = (typeof voucherStatuses)[number];

async function assertRouterOfTenant(db: DbOrTx, { tenantId, routerId }: RouterIds) {
  if (!isUuid(routerId)) throw notFound("Router");
  const [router] = await db
    .select({ id: routers.id })
    .from(routers)
    .where(and(eq(routers.tenantId, tenantId), eq(routers.id, routerId)));
  if (!router) throw notFound("Router");
}

/** The tenant's active hotspot plans: what a voucher batch may sell. */
export async function listHotspotPlans(db: DbOrTx, { tenantId }: { tenantId: string }) {
  return db
    .select({
      id: servicePlans.id,
      name: servicePlans.name,
      downloadKbps: servicePlans.downloadKbps,
      uploadKbps: servicePlans.uploadKbps,
      sharedUsers: servicePlans.sharedUsers,
    })
    .from(servicePlans)
    .where(and(eq(servicePlans.tenantId, tenantId), eq(servicePlans.type, "hotspot"), eq(servicePlans.active, true)))
    .orderBy(asc(servicePlans.priceCentavos), asc(servicePlans.name));
}

/** Codes that are not in use anywhere in the tenant yet (the unique index is per tenant, not per router). */
async function freshCodes(db: DbOrTx, tenantId: string, wanted: number, random?: RandomBytes): Promise<string[]> {
  const taken = new Set<string>();
  for (let round = 0; round < 20; round++) {
    const codes = generateVoucherCodes(wanted, { taken, random });
    const clashes = await db
      .select({ code: vouchers.code })
      .from(vouchers)
      .where(and(eq(vouchers.tenantId, tenantId), inArray(vouchers.code, codes)));
    if (clashes.length === 0) return codes;
    for (const { code } of clashes) taken.add(code);
  }
  throw new AppError("conflict", "Could not find enough unused voucher codes. Try a smaller batch.");
}

/**
 * Creates a batch and its codes for a router and a hotspot plan, in one transaction with its audit row.
 * A code another batch took between our check and the insert fails the unique index; we then start over.
 */
export async function createVoucherBatch(
  db: Db,
  actor: TenantActor,
  { routerId, batch }: { routerId: string; batch: VoucherBatchFields },
  options: { random?: RandomBytes } = {},
) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(async (tx) => {
        await assertRouterOfTenant(tx, { tenantId: actor.tenantId, routerId });
        const [plan] = isUuid(batch.planId)
          ? await tx
              .select({ id: servicePlans.id, name: servicePlans.name, type: servicePlans.type, active: servicePlans.active })
              .from(servicePlans)
              .where(and(eq(servicePlans.tenantId, actor.tenantId), eq(servicePlans.id, batch.planId)))
          : [];
        if (!plan || plan.type !== "hotspot" || !plan.active)
          throw new AppError("validation", "Some fields need attention.", { fieldErrors: { planId: ["Choose an active hotspot plan"] } });
        const codes = await freshCodes(tx, actor.tenantId, batch.count, options.random);
        const [created] = await tx
          .insert(voucherBatches)
          .values({ ...batch, tenantId: actor.tenantId, routerId, createdBy: actor.userId ?? null })
          .returning({ id: voucherBatches.id, name: voucherBatches.name, count: voucherBatches.count });
        await tx.insert(vouchers).values(codes.map((code) => ({ tenantId: actor.tenantId, batchId: created.id, routerId, code })));
        // The codes themselves stay out of the audit log: they are what customers pay for.
        await recordAudit(tx, actor, {
          action: "voucher_batch.created",
          entityType: "voucher_batch",
          entityId: created.id,
          after: { ...batch, routerId, planName: plan.name },
        });
        return created;
      });
    } catch (error) {
      if (attempt < 3 && isUniqueViolation(error, "vouchers_tenant_code_idx")) continue;
      throw error;
    }
  }
}

async function batchOfRouter(db: DbOrTx, { tenantId, routerId, batchId }: RouterIds & { batchId: string }) {
  if (!isUuid(batchId) || !isUuid(routerId)) throw notFound("Voucher batch");
  const [batch] = await db
    .select()
    .from(voucherBatches)
    .where(and(eq(voucherBatches.tenantId, tenantId), eq(voucherBatches.routerId, routerId), eq(voucherBatches.id, batchId)));
  if (!batch) throw notFound("Voucher batch");
  return batch;
}

async function statusCounts(db: DbOrTx, tenantId: string, batchIds: string[]) {
  if (batchIds.length === 0) return new Map<string, Record<VoucherStatus, number>>();
  const rows = await db
    .select({ batchId: vouchers.batchId, status: vouchers.status, n: count() })
    .from(vouchers)
    .where(and(eq(vouchers.tenantId, tenantId), inArray(vouchers.batchId, batchIds)))
    .groupBy(vouchers.batchId, vouchers.status);
  const counts = new Map<string, Record<VoucherStatus, number>>();
  for (const id of batchIds) counts.set(id, { unused: 0, active: 0, used: 0, disabled: 0 });
  for (const row of rows) counts.get(row.batchId)![row.status] = Number(row.n);
  return counts;
}

/** Disables every code of the batch that isn't already; the reconciler then removes them from the router. */
export async function disableVoucherBatch(db: Db, actor: TenantActor, ids: { routerId: string; batchId: string }) {
  return db.transaction(async (tx) => {
    const batch = await batchOfRouter(tx, { tenantId: actor.tenantId, ...ids });
    const changed = await tx
      .update(vouchers)
      .set({ status: "disabled" })
      .where(and(eq(vouchers.tenantId, actor.tenantId), eq(vouchers.batchId, batch.id), ne(vouchers.status, "disabled")))
      .returning({ id: vouchers.id });
    await recordAudit(tx, actor, {
      action: "voucher_batch.disabled",
      entityType: "voucher_batch",
      entityId: batch.id,
      after: { name: batch.name, disabled: changed.length },
    });
    return { disabled: changed.length };
  });
}

/** Deletes the batch and its codes; the reconciler removes the hotspot users it had made for them. */
export async function deleteVoucherBatch(db: Db, actor: TenantActor, ids: { routerId: string; batchId: string }) {
  return db.transaction(async (tx) => {
    const batch = await batchOfRouter(tx, { tenantId: actor.tenantId, ...ids });
    const counts = (await statusCounts(tx, actor.tenantId, [batch.id])).get(batch.id);
    await tx.delete(voucherBatches).where(and(eq(voucherBatches.tenantId, actor.tenantId), eq(voucherBatches.id, batch.id)));
    await recordAudit(tx, actor, {
      action: "voucher_batch.deleted",
      entityType: "voucher_batch",
      entityId: batch.id,
      before: { name: batch.name, count: batch.count, planId: batch.planId, routerId: batch.routerId, statuses: counts },
    });
    return { deleted: batch.count };
  });
}

/** The router's batches, newest first, with their plan and how many codes are unused, active, used or disabled. */
export async function listVoucherBatches(db: DbOrTx, ids: RouterIds) {
  await assertRouterOfTenant(db, ids);
  const batches = await db
    .select({
      id: voucherBatches.id,
      name: voucherBatches.name,
      count: voucherBatches.count,
      priceCentavos: voucherBatches.priceCentavos,
      validitySeconds: voucherBatches.validitySeconds,
      planName: servicePlans.name,
      createdAt: voucherBatches.createdAt,
    })
    .from(voucherBatches)
    .innerJoin(servicePlans, eq(servicePlans.id, voucherBatches.planId))
    .where(and(eq(voucherBatches.tenantId, ids.tenantId), eq(voucherBatches.routerId, ids.routerId)))
    .orderBy(desc(voucherBatches.createdAt));
  const counts = await statusCounts(
    db,
    ids.tenantId,
    batches.map((b) => b.id),
  );
  return batches.map((batch) => ({ ...batch, statuses: counts.get(batch.id)! }));
}

/** A batch with its plan and codes, for the printable sheet (disabled codes are left off). */
export async function getVoucherSheet(db: DbOrTx, ids: RouterIds & { batchId: string }) {
  const batch = await batchOfRouter(db, ids);
  const [[plan], codes] = await Promise.all([
    db
      .select({ name: servicePlans.name, downloadKbps: servicePlans.downloadKbps, uploadKbps: servicePlans.uploadKbps })
      .from(servicePlans)
      .where(eq(servicePlans.id, batch.planId)),
    db
      .select({ code: vouchers.code, status: vouchers.status })
      .from(vouchers)
      .where(and(eq(vouchers.tenantId, ids.tenantId), eq(vouchers.batchId, batch.id), ne(vouchers.status, "disabled")))
      .orderBy(asc(vouchers.code)),
  ]);
  return { batch, plan, codes };
}
