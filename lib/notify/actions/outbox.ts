"use server";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { kickOutbox } from "@/lib/notify/kick";
import { discardOutboxMessage, retryOutboxMessage } from "@/lib/notify/outbox-admin";
import { outboxIdSchema } from "@/lib/notify/rules";

/** Puts a failed or dead message back in the queue and sends it now. */
export const retryOutboxMessageAction = defineStaffAction({
  name: "notifications.retry",
  permission: "notifications:outbox",
  input: outboxIdSchema,
  revalidate: ["/settings/notifications/outbox", "/customers"],
  run: async (ctx, input) => {
    const result = await retryOutboxMessage(ctx.db, actorOf(ctx), input);
    kickOutbox(ctx.db);
    return result;
  },
});

/** Stops a message from being sent or retried. */
export const discardOutboxMessageAction = defineStaffAction({
  name: "notifications.discard",
  permission: "notifications:outbox",
  input: outboxIdSchema,
  revalidate: ["/settings/notifications/outbox", "/customers"],
  run: (ctx, input) => discardOutboxMessage(ctx.db, actorOf(ctx), input),
});
