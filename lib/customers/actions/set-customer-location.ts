"use server";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { measuredLocationSchema } from "@/lib/customers/rules";
import { setCustomerLocation } from "@/lib/customers/service";

/** The technician's "Save this location (GPS)" on a job: the phone's position becomes the customer's location. */
export const setCustomerLocationAction = defineStaffAction({
  name: "setCustomerLocation",
  permission: "fieldwork:use",
  input: measuredLocationSchema,
  revalidate: ["/field", "/customers", "/network/map"],
  run: (ctx, input) => setCustomerLocation(ctx.db, actorOf(ctx), input),
});
