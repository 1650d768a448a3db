"use server";
import { defineStaffAction } from "@/lib/core/server-action";
import { noInputSchema } from "@/lib/auth/invitations";
import { getSessionUser } from "@/lib/auth/session";
import { AppError } from "@/lib/core/errors";
import * as staff from "@/lib/auth/staff-sessions";

/** "Sign out everywhere else": keeps only the session making this request. */
export const revokeOtherSessions = defineStaffAction({
  name: "revokeOtherSessions",
  permission: "dashboard:view",
  input: noInputSchema,
  revalidate: ["/account", "/staff"],
  run: async (ctx) => {
    const user = await getSessionUser();
    if (!user || user.id !== ctx.userId) throw new AppError("unauthenticated", "Your session has ended. Sign in again.");
    return staff.revokeOtherOwnSessions(ctx.db, ctx, { currentToken: user.sessionToken });
  },
});
