"use server";
import { definePortalAction } from "@/lib/portal/action";
import { changePortalPassword, customerActor } from "@/lib/portal/accounts";
import { saveNotificationPreferences, updateContactDetails } from "@/lib/portal/profile";
import { changePasswordSchema, contactSchema, preferencesSchema } from "@/lib/portal/rules";

export const updatePortalContactAction = definePortalAction({
  name: "updatePortalContact",
  input: contactSchema,
  revalidate: ["/portal"],
  run: async (ctx, contact) => {
    await updateContactDetails(ctx.db, customerActor(ctx, ctx.ipAddress), contact);
    return { saved: true };
  },
});

export const changePortalPasswordAction = definePortalAction({
  name: "changePortalPassword",
  input: changePasswordSchema,
  run: async (ctx, { current, password }) => {
    await changePortalPassword(ctx.db, customerActor(ctx, ctx.ipAddress), { current, password, keepSessionId: ctx.sessionId });
    return { saved: true };
  },
});

export const savePortalPreferencesAction = definePortalAction({
  name: "savePortalPreferences",
  input: preferencesSchema,
  revalidate: ["/portal/profile"],
  run: async (ctx, preferences) => {
    await saveNotificationPreferences(ctx.db, customerActor(ctx, ctx.ipAddress), preferences);
    return { saved: true };
  },
});
