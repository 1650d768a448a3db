"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { routerFieldsSchema, siteFieldsSchema } from "@/lib/routers/rules";
import { createRouter, createSite, updateRouter } from "@/lib/routers/service";

export const createRouterAction = defineStaffAction({
  name: "createRouter",
  permission: "routers:write",
  input: routerFieldsSchema,
  revalidate: ["/routers", "/onboarding"],
  run: (ctx, input) => createRouter(ctx.db, actorOf(ctx), input),
});

export const updateRouterAction = defineStaffAction({
  name: "updateRouter",
  permission: "routers:write",
  input: z.object({ routerId: z.string().uuid(), router: routerFieldsSchema }),
  revalidate: ["/routers"],
  run: async (ctx, { routerId, router }) => {
    await updateRouter(ctx.db, actorOf(ctx), { routerId, input: router });
    return { id: routerId, name: router.name };
  },
});

export const createSiteAction = defineStaffAction({
  name: "createSite",
  permission: "routers:write",
  input: siteFieldsSchema,
  revalidate: ["/routers", "/onboarding"],
  run: async (ctx, input) => {
    const site = await createSite(ctx.db, actorOf(ctx), input);
    return { id: site.id, name: site.name };
  },
});
