"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { radiusSettingsSchema } from "@/lib/radius/rules";
import { disableRadius, enableRadius, previewRadiusSwitch, revealRadiusScript } from "@/lib/radius/nas";

const routerOnly = z.object({ routerId: z.uuid("Unknown router") });

/** What switching the router's authentication would move, without writing anything. */
export const previewRadiusSwitchAction = defineStaffAction({
  name: "radius.previewSwitch",
  permission: "routers:write",
  changesData: false,
  input: routerOnly.extend({ to: z.enum(["api", "radius"]) }),
  run: (ctx, { routerId, to }) => previewRadiusSwitch(ctx.db, { tenantId: ctx.tenantId, routerId, to }),
});

/** Switches the router to RADIUS, or saves its RADIUS settings. */
export const saveRadiusModeAction = defineStaffAction({
  name: "radius.enable",
  permission: "routers:write",
  input: radiusSettingsSchema,
  revalidate: ["/routers"],
  run: async (ctx, settings) => {
    await enableRadius(ctx.db, actorOf(ctx), settings);
    return { routerId: settings.routerId };
  },
});

/** Back to API push: the accounts are written to the router again. */
export const disableRadiusAction = defineStaffAction({
  name: "radius.disable",
  permission: "routers:write",
  input: routerOnly,
  revalidate: ["/routers"],
  run: async (ctx, { routerId }) => {
    await disableRadius(ctx.db, actorOf(ctx), { routerId });
    return { routerId };
  },
});

/** The router's RADIUS script with its shared secret (audited). */
export const revealRadiusScriptAction = defineStaffAction({
  name: "radius.revealScript",
  permission: "routers:write",
  input: routerOnly,
  run: (ctx, { routerId }) => revealRadiusScript(ctx.db, actorOf(ctx), { routerId }),
});
