"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { invitePortalUser } from "@/lib/portal/tokens";

/** Staff: email a subscriber a link to set up their portal password. */
export const invitePortalUserAction = defineStaffAction({
  name: "invitePortalUser",
  permission: "portal:manage",
  input: z.object({ customerId: z.uuid("Unknown customer") }),
  revalidate: ["/customers"],
  run: async (ctx, { customerId }) => invitePortalUser(ctx.db, actorOf(ctx), { customerId }),
});
