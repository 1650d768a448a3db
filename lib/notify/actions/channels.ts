"use server";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { channelSettingsSchema, testMessageSchema } from "@/lib/notify/rules";
import { saveChannelSettings } from "@/lib/notify/settings";
import { sendTestMessage } from "@/lib/notify/test-message";

/** Saves one channel's provider settings; blank secrets keep the saved ones. Audited without any secret. */
export const saveChannelSettingsAction = defineStaffAction({
  name: "notifications.saveChannel",
  permission: "notifications:settings",
  input: channelSettingsSchema,
  revalidate: ["/settings/notifications"],
  run: (ctx, input) => saveChannelSettings(ctx.db, actorOf(ctx), input),
});

/** Sends a test message with the saved settings and answers with the provider's reply. */
export const sendTestMessageAction = defineStaffAction({
  name: "notifications.sendTest",
  permission: "notifications:settings",
  input: testMessageSchema,
  run: (ctx, input) => sendTestMessage(ctx.db, actorOf(ctx), input),
});
