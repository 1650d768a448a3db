"use server";
import { defineStaffAction } from "@/lib/core/server-action";
import { changeRoleSchema } from "@/lib/auth/invitations";
import * as staff from "@/lib/auth/staff";

export const changeStaffRole = defineStaffAction({
  name: "changeStaffRole",
  permission: "staff:write",
  input: changeRoleSchema,
  revalidate: ["/staff"],
  run: (ctx, input) => staff.changeStaffRole(ctx.db, ctx, input),
});
