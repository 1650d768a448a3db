"use server";
import { defineStaffAction } from "@/lib/core/server-action";
import { inviteStaffSchema } from "@/lib/auth/invitations";
import * as staff from "@/lib/auth/staff";

/** Invites someone by email with a role; the email carries the one-time link. */
export const inviteStaff = defineStaffAction({
  name: "inviteStaff",
  permission: "staff:write",
  input: inviteStaffSchema,
  revalidate: ["/staff", "/mailbox"],
  run: (ctx, input) => staff.inviteStaff(ctx.db, ctx, input),
});
