"use server";
import { defineStaffAction } from "@/lib/core/server-action";
import { staffMemberSchema } from "@/lib/auth/invitations";
import * as staff from "@/lib/auth/staff";

/** Deactivates a staff member and signs them out of every device. */
export const deactivateStaff = defineStaffAction({
  name: "deactivateStaff",
  permission: "staff:write",
  input: staffMemberSchema,
  revalidate: ["/staff"],
  run: (ctx, input) => staff.deactivateStaff(ctx.db, ctx, input),
});
