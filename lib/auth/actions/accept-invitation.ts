"use server";
import { headers } from "next/headers";
import { publicAction } from "@/lib/core/action";
import { acceptInvitationSchema } from "@/lib/auth/invitations";
import { getAuth } from "@/lib/auth/instance";
import { getDb } from "@/lib/db";
import * as staff from "@/lib/auth/staff";
import { withClientIpHeader } from "@/lib/core/client-ip";

/** Someone opens their invitation link, chooses name and password, and is signed in. */
export const acceptInvitation = publicAction({
  name: "acceptInvitation",
  public: true,
  input: acceptInvitationSchema,
  run: async (input) => {
    const db = await getDb();
    const auth = await getAuth();
    // The new session records the real address, not a header the client chose.
    const requestHeaders = withClientIpHeader(await headers());
    // signUpEmail signs the new user in: the nextCookies plugin sets the session cookie.
    const joined = await staff.acceptInvitation(db, input, (body) => auth.api.signUpEmail({ body, headers: requestHeaders }));
    return { redirectTo: joined.redirectTo };
  },
});
