"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { voucherBatchFieldsSchema } from "@/lib/hotspot/rules";
import { createVoucherBatch, deleteVoucherBatch, disableVoucherBatch } from "@/lib/hotspot/service";
import { requestReconcile } from "@/lib/provisioning/trigger";

const batchIds = z.object({ routerId: z.string().uuid(), batchId: z.string().uuid() });

/** New codes become hotspot users on the router through the reconciler, requested once the batch is committed. */
export const createVoucherBatchAction = defineStaffAction({
  name: "createVoucherBatch",
  permission: "hotspot:write",
  input: z.object({ routerId: z.string().uuid(), batch: voucherBatchFieldsSchema }),
  revalidate: ["/routers"],
  run: async (ctx, { routerId, batch }) => {
    const created = await createVoucherBatch(ctx.db, actorOf(ctx), { routerId, batch });
    requestReconcile(ctx.db, { tenantId: ctx.tenantId, routerId, trigger: "change" });
    return created;
  },
});

export const disableVoucherBatchAction = defineStaffAction({
  name: "disableVoucherBatch",
  permission: "hotspot:write",
  input: batchIds,
  revalidate: ["/routers"],
  run: async (ctx, ids) => {
    const outcome = await disableVoucherBatch(ctx.db, actorOf(ctx), ids);
    requestReconcile(ctx.db, { tenantId: ctx.tenantId, routerId: ids.routerId, trigger: "change" });
    return outcome;
  },
});

export const deleteVoucherBatchAction = defineStaffAction({
  name: "deleteVoucherBatch",
  permission: "hotspot:write",
  input: batchIds,
  revalidate: ["/routers"],
  run: async (ctx, ids) => {
    const outcome = await deleteVoucherBatch(ctx.db, actorOf(ctx), ids);
    requestReconcile(ctx.db, { tenantId: ctx.tenantId, routerId: ids.routerId, trigger: "change" });
    return outcome;
  },
});
