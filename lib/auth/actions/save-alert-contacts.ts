"use server";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { alertContactsSchema } from "@/lib/auth/alert-contact-rules";
import { saveAlertContacts } from "@/lib/auth/alert-contacts";

/** "How to reach me" on the account page: anyone signed in, for themselves only. */
export const saveAlertContactsAction = defineStaffAction({
  name: "saveAlertContacts",
  permission: "dashboard:view",
  input: alertContactsSchema,
  revalidate: ["/account"],
  run: async (ctx, input) => {
    await saveAlertContacts(ctx.db, { ...actorOf(ctx), userId: ctx.userId }, input);
    return { saved: true };
  },
});
