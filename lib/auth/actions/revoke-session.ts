"use server";
import { defineStaffAction } from "@/lib/core/server-action";
import { revokeSessionSchema } from "@/lib/auth/invitations";
import * as staff from "@/lib/auth/staff-sessions";

/** Signs one of your own devices out (every signed-in staff member may do this). */
export const revokeSession = defineStaffAction({
  name: "revokeSession",
  permission: "dashboard:view",
  input: revokeSessionSchema,
  revalidate: ["/account", "/staff"],
  run: (ctx, input) => staff.revokeOwnSession(ctx.db, ctx, input),
});
