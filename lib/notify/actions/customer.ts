"use server";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { addCommunicationEntry } from "@/lib/notify/communications";
import { savePreferences } from "@/lib/notify/preferences";
import { communicationEntrySchema, preferencesSchema } from "@/lib/notify/rules";

/** A subscriber's channels, opt-out and chat addresses. */
export const savePreferencesAction = defineStaffAction({
  name: "notifications.savePreferences",
  permission: "customers:write",
  input: preferencesSchema,
  revalidate: ["/customers"],
  run: (ctx, input) => savePreferences(ctx.db, actorOf(ctx), input),
});

/** Writes a call, visit or chat on the subscriber's communication log. */
export const addCommunicationEntryAction = defineStaffAction({
  name: "communications.add",
  permission: "communications:write",
  input: communicationEntrySchema,
  revalidate: ["/customers"],
  run: (ctx, input) => addCommunicationEntry(ctx.db, actorOf(ctx), input),
});
