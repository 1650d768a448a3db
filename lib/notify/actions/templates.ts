"use server";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { templateKeySchema, templateSchema } from "@/lib/notify/rules";
import { resetTemplate, saveTemplate } from "@/lib/notify/templates";

/** Saves the ISP's wording of an event on a channel; unknown {{variables}} are refused, listed on the field. */
export const saveTemplateAction = defineStaffAction({
  name: "notifications.saveTemplate",
  permission: "notifications:settings",
  input: templateSchema,
  revalidate: ["/settings/notifications"],
  run: (ctx, input) => saveTemplate(ctx.db, actorOf(ctx), input),
});

/** Goes back to the built-in wording. */
export const resetTemplateAction = defineStaffAction({
  name: "notifications.resetTemplate",
  permission: "notifications:settings",
  input: templateKeySchema,
  revalidate: ["/settings/notifications"],
  run: (ctx, input) => resetTemplate(ctx.db, actorOf(ctx), input),
});
