"use server";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { staticIpSchema } from "@/lib/subscriptions/rules";
import { setStaticIp } from "@/lib/subscriptions/service";
import { requestReconcile } from "@/lib/provisioning/trigger";

/** Gives a subscription a static address (typed, or the next free of a pool) or takes it away; the router follows. */
export const setStaticIpAction = defineStaffAction({
  name: "setStaticIp",
  permission: "subscriptions:write",
  input: staticIpSchema,
  run: async (ctx, input) => {
    const result = await setStaticIp(ctx.db, actorOf(ctx), input);
    if (result.routerId) requestReconcile(ctx.db, { tenantId: ctx.tenantId, routerId: result.routerId, trigger: "change" });
    return { staticIp: result.staticIp };
  },
});
