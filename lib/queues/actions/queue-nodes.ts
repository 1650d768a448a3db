"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { queueNodeFieldsSchema } from "@/lib/queues/rules";
import { createQueueNode, deleteQueueNode, updateQueueNode } from "@/lib/queues/service";
import { requestReconcile } from "@/lib/provisioning/trigger";

const routerId = z.string().uuid();

/** Each change is committed first, then the router is brought in line by the reconciler. */
export const createQueueNodeAction = defineStaffAction({
  name: "createQueueNode",
  permission: "queues:write",
  input: z.object({ routerId, node: queueNodeFieldsSchema }),
  revalidate: ["/routers"],
  run: async (ctx, input) => {
    const created = await createQueueNode(ctx.db, actorOf(ctx), input);
    requestReconcile(ctx.db, { tenantId: ctx.tenantId, routerId: input.routerId, trigger: "change" });
    return created;
  },
});

export const updateQueueNodeAction = defineStaffAction({
  name: "updateQueueNode",
  permission: "queues:write",
  input: z.object({ routerId, nodeId: z.string().uuid(), node: queueNodeFieldsSchema }),
  revalidate: ["/routers"],
  run: async (ctx, input) => {
    const updated = await updateQueueNode(ctx.db, actorOf(ctx), input);
    requestReconcile(ctx.db, { tenantId: ctx.tenantId, routerId: input.routerId, trigger: "change" });
    return updated;
  },
});

export const deleteQueueNodeAction = defineStaffAction({
  name: "deleteQueueNode",
  permission: "queues:write",
  input: z.object({ routerId, nodeId: z.string().uuid(), withChildren: z.boolean().default(false) }),
  revalidate: ["/routers"],
  run: async (ctx, input) => {
    const outcome = await deleteQueueNode(ctx.db, actorOf(ctx), input);
    requestReconcile(ctx.db, { tenantId: ctx.tenantId, routerId: input.routerId, trigger: "change" });
    return outcome;
  },
});
