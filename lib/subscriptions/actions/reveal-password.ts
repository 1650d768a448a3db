"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { revealSubscriptionPassword } from "@/lib/subscriptions/service";

/** Shows a PPPoE/hotspot password on explicit request; every reveal is audited. */
export const revealSubscriptionPasswordAction = defineStaffAction({
  name: "revealSubscriptionPassword",
  permission: "subscriptions:reveal_password",
  // Shows a password (audited): open while the ISP's NetSphere account is read-only.
  changesData: false,
  input: z.object({ subscriptionId: z.string().uuid() }),
  run: async (ctx, { subscriptionId }) => ({ password: await revealSubscriptionPassword(ctx.db, actorOf(ctx), { subscriptionId }) }),
});
