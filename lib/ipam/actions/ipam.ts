"use server";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { poolFieldsSchema, poolRefSchema, prefixEditSchema, prefixFieldsSchema, prefixRefSchema } from "@/lib/ipam/forms";
import { createPool, createPrefix, deletePool, deletePrefix, updatePrefix } from "@/lib/ipam/service";

const revalidate = ["/network/ipam"];

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
  run: async (ctx, input) => ({ id: (await createPool(ctx.db, actorOf(ctx), input)).id }),
});

export const deletePoolAction = defineStaffAction({
  name: "deleteIpPool",
  permission: "routers:write",
  input: poolRefSchema,
  revalidate,
  run: async (ctx, input) => {
    await deletePool(ctx.db, actorOf(ctx), input);
    return { removed: true };
  },
});
