"use server";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { activateSubscription } from "@/lib/subscriptions/service";
import { activationSchema } from "@/lib/subscriptions/rules";
import { requestReconcile } from "@/lib/provisioning/trigger";

/** Starts a pending subscription's service today (the installation is done); the router account follows. */
export const activateSubscriptionAction = defineStaffAction({
  name: "subscriptions.activate",
  permission: "subscriptions:activate",
  input: activationSchema,
  revalidate: ["/customers", "/field"],
  run: async (ctx, input) => {
    const result = await activateSubscription(ctx.db, actorOf(ctx), { subscriptionId: input.subscriptionId, note: input.reason });
    if (result.routerId) requestReconcile(ctx.db, { tenantId: ctx.tenantId, routerId: result.routerId, trigger: "change" });
    return { startDate: result.startDate };
  },
});
