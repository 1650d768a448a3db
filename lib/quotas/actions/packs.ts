"use server";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { packFieldsSchema, packRefSchema } from "@/lib/quotas/forms";
import { deletePack, savePack } from "@/lib/quotas/top-ups";

const revalidate = ["/settings/data-top-ups"];

export const saveTopUpPackAction = defineStaffAction({
  name: "saveTopUpPack",
  permission: "plans:write",
  input: packFieldsSchema,
  revalidate,
  run: async (ctx, { packId, name, gigabytes, price, active }) => {
    const pack = await savePack(ctx.db, actorOf(ctx), { packId, name, gigabytes, priceCentavos: price, active });
    return { id: pack.id, name: pack.name };
  },
});

export const deleteTopUpPackAction = defineStaffAction({
  name: "deleteTopUpPack",
  permission: "plans:write",
  input: packRefSchema,
  revalidate,
  run: async (ctx, input) => {
    await deletePack(ctx.db, actorOf(ctx), input);
    return { removed: true };
  },
});
