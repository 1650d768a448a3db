"use server";
import { defineStaffAction } from "@/lib/core/server-action";
import { revokeInvitationSchema } from "@/lib/auth/invitations";
import * as staff from "@/lib/auth/staff";

export const revokeInvitation = defineStaffAction({
  name: "revokeInvitation",
  permission: "staff:write",
  input: revokeInvitationSchema,
  revalidate: ["/staff"],
  run: (ctx, input) => staff.revokeInvitation(ctx.db, ctx, input),
});
