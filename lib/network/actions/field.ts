"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { changeMacBinding, kickSubscriberSession, reprovisionSubscription, resetServicePassword } from "@/lib/network/field-service";
import { macAddressSchema, servicePasswordSchema } from "@/lib/network/mac";

const target = z.object({ subscriptionId: z.uuid() });

/** Disconnects the subscriber's live session (the CPE logs straight back in with current settings). */
export const kickSubscriberAction = defineStaffAction({
  name: "kickSubscriber",
  permission: "network:kick",
  input: target,
  run: (ctx, input) => kickSubscriberSession(ctx.db, actorOf(ctx), input),
});

/** A new PPPoE/hotspot password, generated unless typed; returned once so it can be set on the CPE. */
export const resetServicePasswordAction = defineStaffAction({
  name: "resetServicePassword",
  permission: "network:reprovision",
  input: target.extend({ password: servicePasswordSchema.optional().or(z.literal("").transform(() => undefined)) }),
  run: (ctx, input) => resetServicePassword(ctx.db, actorOf(ctx), input),
});

export const changeMacBindingAction = defineStaffAction({
  name: "changeMacBinding",
  permission: "network:reprovision",
  input: target.extend({ macAddress: macAddressSchema }),
  run: (ctx, input) => changeMacBinding(ctx.db, actorOf(ctx), input),
});

export const reprovisionAction = defineStaffAction({
  name: "reprovisionSubscription",
  permission: "network:reprovision",
  input: target,
  run: (ctx, input) => reprovisionSubscription(ctx.db, actorOf(ctx), input),
});
