"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { registerPaymongoWebhook } from "@/lib/payments/paymongo";

/** Registers NetSphere's webhook endpoint on PayMongo with the saved secret key, and keeps the signing secret PayMongo returns. */
export const registerWebhookAction = defineStaffAction({
  name: "payments.registerWebhook",
  permission: "billing:settings",
  input: z.object({ provider: z.literal("paymongo") }),
  revalidate: ["/billing/gateways"],
  run: async (ctx) => registerPaymongoWebhook(ctx.db, actorOf(ctx)),
});
