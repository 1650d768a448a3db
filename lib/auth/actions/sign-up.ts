"use server";
import { headers } from "next/headers";
import { eq } from "drizzle-orm";
import { publicAction } from "@/lib/core/action";
import { signUpSchema } from "@/lib/tenants/rules";
import { createTenantForOwner } from "@/lib/tenants/service";
import { getAuth } from "@/lib/auth/instance";
import { getDb } from "@/lib/db";
import { users } from "@/lib/auth/schema";
import { AppError } from "@/lib/core/errors";
import { withClientIpHeader } from "@/lib/core/client-ip";
import { openPlatformAccount } from "@/lib/tenants/platform-accounts";
import { logger } from "@/lib/core/logger";
import type { Db } from "@/lib/db/types";

/** The new ISP's NetSphere trial starts now; if it cannot, the hourly netsphere-billing job opens it (sign-up still succeeds). */
async function startNetsphereTrial(db: Db, tenantId: string) {
  try {
    await openPlatformAccount(db, { tenantId });
  } catch (error) {
    logger.error({ err: error, tenantId }, "NetSphere trial not started at sign-up");
  }
}

/** Blueprint §5 step 1: an ISP signs up; its first user becomes the owner and is signed in. */
export const signUpIsp = publicAction({
  name: "signUpIsp",
  public: true,
  input: signUpSchema,
  run: async (input) => {
    const db = await getDb();
    const [existing] = await db.select({ id: users.id }).from(users).where(eq(users.email, input.email));
    if (existing) {
      throw new AppError("conflict", "An account with this email already exists. Sign in or reset your password.", {
        fieldErrors: { email: ["Already registered"] },
      });
    }
    const auth = await getAuth();
    const result = await auth.api.signUpEmail({
      body: { email: input.email, password: input.password, name: input.contactName },
      // The new session records the real address, not a header the client chose.
      headers: withClientIpHeader(await headers()),
    });
    try {
      const { password: _password, ...details } = input;
      void _password;
      const tenant = await createTenantForOwner(db, { userId: result.user.id, input: details });
      await startNetsphereTrial(db, tenant.id);
      return { tenantId: tenant.id };
    } catch (error) {
      // Without its tenant the user would be an orphan login: remove it and report the failure.
      await db.delete(users).where(eq(users.id, result.user.id));
      throw error;
    }
  },
});
