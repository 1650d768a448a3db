"use server";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { poolEditSchema, poolFieldsSchema, poolRefSchema, prefixEditSchema, prefixFieldsSchema, prefixRefSchema } from "@/lib/ipam/forms";
import { createPrefix, deletePrefix, updatePrefix } from "@/lib/ipam/service";
import { createPool, deletePool, updatePool } from "@/lib/ipam/pools";
import { requestReconcile } from "@/lib/provisioning/trigger";
import type { Db } from "@/lib/db/types";

const revalidate = ["/network/ipam"];

/** A pool added to, moved between or removed from routers: their `/ip/pool` follows now (after the change commits). */
function reconcileRouters(db: Db, tenantId: string, routerIds: string[]) {
  for (const routerId of routerIds) requestReconcile(db, { tenantId, routerId, trigger: "change" });
}

export const createPrefixAction = defineStaffAction({
  name: "createIpPrefix",
  permission: "routers:write",
  input: prefixFieldsSchema,
  revalidate,
  run: async (ctx, input) => ({ id: (await createPrefix(ctx.db, actorOf(ctx), input)).id }),
});

export const updatePrefixAction = defineStaffAction({
  name: "updateIpPrefix",
  permission: "routers:write",
  input: prefixEditSchema,
  revalidate,
  run: async (ctx, input) => {
    await updatePrefix(ctx.db, actorOf(ctx), input);
    return { saved: true };
  },
});

export const deletePrefixAction = defineStaffAction({
  name: "deleteIpPrefix",
  permission: "routers:write",
  input: prefixRefSchema,
  revalidate,
  run: async (ctx, input) => {
    await deletePrefix(ctx.db, actorOf(ctx), input);
    return { removed: true };
  },
});

export const createPoolAction = defineStaffAction({
  name: "createIpPool",
  permission: "routers:write",
  input: poolFieldsSchema,
  revalidate,
  run: async (ctx, input) => {
    const pool = await createPool(ctx.db, actorOf(ctx), input);
    reconcileRouters(ctx.db, ctx.tenantId, pool.routersToReconcile);
    return { id: pool.id };
  },
});

export const updatePoolAction = defineStaffAction({
  name: "updateIpPool",
  permission: "routers:write",
  input: poolEditSchema,
  revalidate,
  run: async (ctx, input) => {
    const { routersToReconcile } = await updatePool(ctx.db, actorOf(ctx), input);
    reconcileRouters(ctx.db, ctx.tenantId, routersToReconcile);
    return { saved: true };
  },
});

export const deletePoolAction = defineStaffAction({
  name: "deleteIpPool",
  permission: "routers:write",
  input: poolRefSchema,
  revalidate,
  run: async (ctx, input) => {
    const { routersToReconcile } = await deletePool(ctx.db, actorOf(ctx), input);
    reconcileRouters(ctx.db, ctx.tenantId, routersToReconcile);
    return { removed: true };
  },
});
