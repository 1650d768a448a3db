"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { kickTargetSchema } from "@/lib/network/sessions";
import { kickActiveSession } from "@/lib/network/service";

/** "Kick" on a live PPPoE/hotspot session: removes the active row so new settings apply at the next login. */
export const kickSessionAction = defineStaffAction({
  name: "kickSession",
  permission: "network:kick",
  input: kickTargetSchema.extend({ routerId: z.string().uuid() }),
  run: (ctx, input) => kickActiveSession(ctx.db, actorOf(ctx), input),
});
