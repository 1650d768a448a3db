"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { saveLinkSchema } from "@/lib/topology/forms";
import { removeLink, saveLink } from "@/lib/topology/service";

export const saveLinkAction = defineStaffAction({
  name: "saveLink",
  permission: "alerts:settings",
  input: saveLinkSchema,
  revalidate: ["/network/topology"],
  run: (ctx, input) => saveLink(ctx.db, actorOf(ctx), input),
});

export const removeLinkAction = defineStaffAction({
  name: "removeLink",
  permission: "alerts:settings",
  input: z.object({ linkId: z.uuid() }),
  revalidate: ["/network/topology"],
  run: async (ctx, input) => {
    await removeLink(ctx.db, actorOf(ctx), input);
    return { removed: true };
  },
});
