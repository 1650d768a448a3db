"use server";
import { definePortalAction } from "@/lib/portal/action";
import { changePortalPassword, customerActor } from "@/lib/portal/accounts";
import { updateContactDetails } from "@/lib/portal/profile";
import { savePreferences } from "@/lib/notify/preferences";
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
    await savePreferences(ctx.db, customerActor(ctx, ctx.ipAddress), { customerId: ctx.customerId, ...preferences });
    return { saved: true };
  },
});
