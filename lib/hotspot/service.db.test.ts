import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { actorOf } from "@/lib/audit/record";
import { auditLog } from "@/lib/audit/schema";
import { executeAction, type ActionDefinition } from "@/lib/core/action";
import { createRouter } from "@/lib/routers/service";
import { createPlan } from "@/lib/plans/service";
import { planFieldsSchema } from "@/lib/plans/rules";
import { vouchers } from "@/lib/hotspot/schema";
import { VOUCHER_ALPHABET, VOUCHER_CODE_LENGTH, voucherBatchFieldsSchema } from "@/lib/hotspot/rules";
import { createVoucherBatch, getVoucherSheet, listVoucherBatches } from "@/lib/hotspot/service";
import { createVoucherBatchAction, deleteVoucherBatchAction, disableVoucherBatchAction } from "@/lib/hotspot/actions/voucher-batches";
import { requestReconcile } from "@/lib/provisioning/trigger";
import type { Connection } from "@/lib/db/connect";
import type { z } from "zod";

vi.mock("@/lib/provisioning/trigger", () => ({ requestReconcile: vi.fn() }));

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => conn?.close());
beforeEach(() => vi.mocked(requestReconcile).mockClear());

// Each setup's router is its own device: one device is registered once per installation.
let devices = 0;
async function setup() {
  const fixture = await createTenantFixture(conn.db);
  const actor = actorOf(fixture.ctx.owner);
  devices += 1;
  const router = await createRouter(conn.db, actor, {
    name: "Lipa-hAP",
    host: `10.0.${devices}.1`,
    apiPort: 8728,
    useTls: false,
    username: "api",
    password: "pw",
    siteId: null,
  });
  const plan = await createPlan(
    conn.db,
    actor,
    planFieldsSchema.parse({ name: "1-day pass", type: "hotspot", downloadMbps: 5, uploadMbps: 2, price: "20" }),
  );
  const pppoe = await createPlan(
    conn.db,
    actor,
    planFieldsSchema.parse({ name: "Fiber 50", type: "pppoe", downloadMbps: 50, uploadMbps: 50, price: "1299" }),
  );
  return { ...fixture, routerId: router.id, planId: plan.id, pppoePlanId: pppoe.id };
}

const batchInput = (planId: string, extra: Record<string, unknown> = {}) => ({
  name: "Day passes",
  planId,
  count: "25",
  validity: "1",
  validityUnit: "days",
  price: "20",
  ...extra,
});
const codesOf = (tenantId: string) => conn.db.select().from(vouchers).where(eq(vouchers.tenantId, tenantId));
const auditsOf = (tenantId: string, action: string) =>
  conn.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.action, action)));

describe("voucher batches", () => {
  it("creates the batch with unique unambiguous codes, audits it without the codes, and asks for a reconcile", async () => {
    const { ctx, tenant, routerId, planId } = await setup();
    const created = await executeAction(createVoucherBatchAction.definition, ctx.support, {
      routerId,
      batch: batchInput(planId, { validity: "3", validityUnit: "hours", price: "15.50" }),
    });
    expect(created).toMatchObject({ name: "Day passes", count: 25 });
    const codes = await codesOf(tenant.id);
    expect(codes).toHaveLength(25);
    expect(new Set(codes.map((c) => c.code)).size).toBe(25);
    for (const voucher of codes) {
      expect(voucher.code).toMatch(new RegExp(`^[${VOUCHER_ALPHABET}]{${VOUCHER_CODE_LENGTH}}$`));
      expect(voucher).toMatchObject({ status: "unused", routerId, batchId: created.id });
    }
    const [batch] = await listVoucherBatches(conn.db, { tenantId: tenant.id, routerId });
    expect(batch).toMatchObject({
      validitySeconds: 10_800,
      priceCentavos: 1550,
      planName: "1-day pass",
      statuses: { unused: 25, active: 0, used: 0, disabled: 0 },
    });
    const [audit] = await auditsOf(tenant.id, "voucher_batch.created");
    expect(audit).toMatchObject({ entityId: created.id, actorUserId: ctx.support.userId });
    expect(JSON.stringify(audit.after)).not.toContain(codes[0].code);
    expect(requestReconcile).toHaveBeenCalledWith(ctx.admin.db, { tenantId: tenant.id, routerId, trigger: "change" });
  });

  it("draws again when a code is already used elsewhere in the tenant", async () => {
    const { ctx, tenant, routerId, planId } = await setup();
    const actor = actorOf(ctx.owner);
    await createVoucherBatch(
      conn.db,
      actor,
      { routerId, batch: voucherBatchFieldsSchema.parse(batchInput(planId, { count: "1" })) },
      { random: (n) => new Uint8Array(n) },
    );
    expect((await codesOf(tenant.id)).map((v) => v.code)).toEqual(["AAAAAAAA"]);
    // The same all-zero source first offers AAAAAAAA again; the clash is noticed and another code drawn.
    let calls = 0;
    const random = (n: number) => (calls++ === 0 ? new Uint8Array(n) : crypto.getRandomValues(new Uint8Array(n)));
    await createVoucherBatch(
      conn.db,
      actor,
      { routerId, batch: voucherBatchFieldsSchema.parse(batchInput(planId, { count: "1", name: "Second" })) },
      { random },
    );
    const codes = (await codesOf(tenant.id)).map((v) => v.code);
    expect(codes).toHaveLength(2);
    expect(new Set(codes).size).toBe(2);
  });

  it("refuses a bad batch: counts out of range, a PPPoE plan, another tenant's plan", async () => {
    const { ctx, tenant, routerId, planId, pppoePlanId } = await setup();
    const other = await setup();
    const create = (batch: Record<string, unknown>) => executeAction(createVoucherBatchAction.definition, ctx.admin, { routerId, batch });
    await expect(create(batchInput(planId, { count: "1001" }))).rejects.toMatchObject({
      code: "validation",
      fieldErrors: { "batch.count": ["Count must be 1–1000"] },
    });
    await expect(create(batchInput(planId, { count: "0" }))).rejects.toMatchObject({ code: "validation" });
    await expect(create(batchInput(pppoePlanId))).rejects.toMatchObject({
      code: "validation",
      fieldErrors: { planId: ["Choose an active hotspot plan"] },
    });
    await expect(create(batchInput(other.planId))).rejects.toMatchObject({
      code: "validation",
      fieldErrors: { planId: ["Choose an active hotspot plan"] },
    });
    expect(await codesOf(tenant.id)).toHaveLength(0);
    expect(requestReconcile).not.toHaveBeenCalled();
  });

  it("needs hotspot:write: technicians and billing may not create, disable or delete batches", async () => {
    const { ctx, routerId, planId } = await setup();
    for (const role of ["technician", "billing"] as const) {
      await expect(executeAction(createVoucherBatchAction.definition, ctx[role], { routerId, batch: batchInput(planId) })).rejects.toMatchObject({
        code: "forbidden",
      });
    }
    const batch = await executeAction(createVoucherBatchAction.definition, ctx.support, { routerId, batch: batchInput(planId) });
    await expect(executeAction(disableVoucherBatchAction.definition, ctx.technician, { routerId, batchId: batch.id })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(executeAction(deleteVoucherBatchAction.definition, ctx.billing, { routerId, batchId: batch.id })).rejects.toMatchObject({
      code: "forbidden",
    });
  });

  it("disables a batch's codes, leaves them off the printed sheet, then deletes the batch, auditing both", async () => {
    const { ctx, tenant, routerId, planId } = await setup();
    const batch = await executeAction(createVoucherBatchAction.definition, ctx.owner, { routerId, batch: batchInput(planId, { count: "4" }) });
    const [first] = await codesOf(tenant.id);
    await conn.db.update(vouchers).set({ status: "used" }).where(eq(vouchers.id, first.id));
    vi.mocked(requestReconcile).mockClear();

    expect(await executeAction(disableVoucherBatchAction.definition, ctx.admin, { routerId, batchId: batch.id })).toEqual({ disabled: 4 });
    expect(await executeAction(disableVoucherBatchAction.definition, ctx.admin, { routerId, batchId: batch.id })).toEqual({ disabled: 0 });
    const [listed] = await listVoucherBatches(conn.db, { tenantId: tenant.id, routerId });
    expect(listed.statuses).toEqual({ unused: 0, active: 0, used: 0, disabled: 4 });
    expect((await getVoucherSheet(conn.db, { tenantId: tenant.id, routerId, batchId: batch.id })).codes).toEqual([]);
    expect(requestReconcile).toHaveBeenCalledWith(ctx.admin.db, { tenantId: tenant.id, routerId, trigger: "change" });

    expect(await executeAction(deleteVoucherBatchAction.definition, ctx.admin, { routerId, batchId: batch.id })).toEqual({ deleted: 4 });
    expect(await codesOf(tenant.id)).toHaveLength(0);
    expect(await listVoucherBatches(conn.db, { tenantId: tenant.id, routerId })).toEqual([]);
    const [disabledAudit] = await auditsOf(tenant.id, "voucher_batch.disabled");
    expect(disabledAudit.after).toEqual({ name: "Day passes", disabled: 4 });
    const [deletedAudit] = await auditsOf(tenant.id, "voucher_batch.deleted");
    expect(deletedAudit.before).toMatchObject({ name: "Day passes", count: 4, statuses: { disabled: 4 } });
  });

  it("keeps batches and routers of another tenant out of reach", async () => {
    const a = await setup();
    const b = await setup();
    const batch = await executeAction(createVoucherBatchAction.definition, a.ctx.owner, { routerId: a.routerId, batch: batchInput(a.planId) });
    for (const definition of [disableVoucherBatchAction.definition, deleteVoucherBatchAction.definition] as ActionDefinition<z.ZodType, unknown>[]) {
      await expect(executeAction(definition, b.ctx.owner, { routerId: a.routerId, batchId: batch.id })).rejects.toMatchObject({ code: "not_found" });
      // Their own router with our batch id is just as unknown.
      await expect(executeAction(definition, b.ctx.owner, { routerId: b.routerId, batchId: batch.id })).rejects.toMatchObject({ code: "not_found" });
    }
    await expect(
      executeAction(createVoucherBatchAction.definition, b.ctx.owner, { routerId: a.routerId, batch: batchInput(b.planId) }),
    ).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(getVoucherSheet(conn.db, { tenantId: b.tenant.id, routerId: a.routerId, batchId: batch.id })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(listVoucherBatches(conn.db, { tenantId: b.tenant.id, routerId: a.routerId })).rejects.toMatchObject({ code: "not_found" });
    expect((await listVoucherBatches(conn.db, { tenantId: a.tenant.id, routerId: a.routerId }))[0].statuses.unused).toBe(25);
  });
});
