"use server";
import { defineStaffAction } from "@/lib/core/server-action";
import { staffMemberSchema } from "@/lib/auth/invitations";
import * as staff from "@/lib/auth/staff";

export const reactivateStaff = defineStaffAction({
  name: "reactivateStaff",
  permission: "staff:write",
  input: staffMemberSchema,
  revalidate: ["/staff"],
  run: (ctx, input) => staff.reactivateStaff(ctx.db, ctx, input),
});
