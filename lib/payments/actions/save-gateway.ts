"use server";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { saveGatewaySettings } from "@/lib/payments/gateways";
import { gatewaySettingsSchema } from "@/lib/payments/rules";

/** Saves one gateway's keys and switches; blank secrets keep the saved ones. Audited without any secret. */
export const saveGatewayAction = defineStaffAction({
  name: "payments.saveGateway",
  permission: "billing:settings",
  input: gatewaySettingsSchema,
  revalidate: ["/billing/gateways"],
  run: async (ctx, input) => {
    await saveGatewaySettings(ctx.db, actorOf(ctx), input);
    return { saved: true };
  },
});
