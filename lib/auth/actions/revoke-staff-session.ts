"use server";
import { defineStaffAction } from "@/lib/core/server-action";
import { revokeStaffSessionSchema } from "@/lib/auth/invitations";
import * as staff from "@/lib/auth/staff-sessions";

/** An owner or admin signs a staff member out of one device. */
export const revokeStaffSession = defineStaffAction({
  name: "revokeStaffSession",
  permission: "staff:write",
  input: revokeStaffSessionSchema,
  revalidate: ["/staff", "/account"],
  run: (ctx, input) => staff.revokeStaffSession(ctx.db, ctx, input),
});
