"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { positionSchema } from "@/lib/topology/forms";
import { clearPositions, savePosition } from "@/lib/topology/service";

export const savePositionAction = defineStaffAction({
  name: "saveTopologyPosition",
  permission: "alerts:settings",
  input: positionSchema,
  run: async (ctx, input) => {
    await savePosition(ctx.db, actorOf(ctx), input);
    return { pinned: true };
  },
});

export const clearPositionsAction = defineStaffAction({
  name: "clearTopologyPositions",
  permission: "alerts:settings",
  // Asked for in words by the page ("Unpin every router?"), so a stray call clears nothing.
  input: z.object({ confirm: z.literal(true) }),
  revalidate: ["/network/topology"],
  run: (ctx) => clearPositions(ctx.db, actorOf(ctx)),
});
