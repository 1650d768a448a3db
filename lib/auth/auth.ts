import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError, createAuthMiddleware } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { twoFactor } from "better-auth/plugins";
import { eq, lt } from "drizzle-orm";
import { accounts, sessions, twoFactors, usedTotpCodes, users, verifications } from "@/lib/auth/schema";
import { clearFailedSignIns, lockoutRemainingMinutes, recordFailedSignIn } from "@/lib/auth/lockout";
import { sendEmail } from "@/lib/mail/send";
import { sha256 } from "@/lib/core/crypto";
import { env } from "@/lib/core/env";
import { isUniqueViolation } from "@/lib/core/errors";
import type { Db } from "@/lib/db/types";

export const SIGN_IN_FAILED_MESSAGE = "Invalid email or password.";

export function createAuth(db: Db, options: { baseURL?: string; rateLimit?: boolean } = {}) {
  const baseURL = options.baseURL ?? env().APP_URL;
  return betterAuth({
    appName: "NetSphere",
    baseURL,
    secret: env().BETTER_AUTH_SECRET,
    trustedOrigins: [baseURL, "http://localhost:3000", "http://127.0.0.1:3000"],
    database: drizzleAdapter(db, {
      provider: "pg",
      schema: { user: users, session: sessions, account: accounts, verification: verifications, twoFactor: twoFactors },
    }),
    user: {
      additionalFields: {
        tenantId: { type: "string", required: false, input: false },
        role: { type: "string", required: false, input: false },
        active: { type: "boolean", required: false, input: false, defaultValue: true },
        platformOperator: { type: "boolean", required: false, input: false, defaultValue: false },
      },
    },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 10,
      resetPasswordTokenExpiresIn: 60 * 60,
      revokeSessionsOnPasswordReset: true,
      sendResetPassword: async ({ user, url }) => {
        await sendEmail(db, {
          tenantId: (user as { tenantId?: string | null }).tenantId ?? null,
          to: user.email,
          subject: "Reset your NetSphere password",
          text: `Someone asked to reset the password of ${user.email}.\n\nReset it here (valid for one hour): ${url}\n\nIf it was not you, ignore this email.`,
        });
      },
    },
    rateLimit: {
      enabled: options.rateLimit ?? true,
      window: 60,
      max: 200,
      customRules: { "/sign-in/email": { window: 60, max: 20 }, "/request-password-reset": { window: 60, max: 5 } },
    },
    databaseHooks: {
      session: {
        create: {
          // A deactivated staff member cannot start a session, whatever the route.
          before: async (session) => {
            const [user] = await db.select({ active: users.active }).from(users).where(eq(users.id, session.userId));
            if (user && !user.active) throw new APIError("FORBIDDEN", { message: "This account has been deactivated." });
          },
        },
      },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path !== "/sign-in/email") return;
        const email = String((ctx.body as { email?: unknown })?.email ?? "");
        const minutes = await lockoutRemainingMinutes(db, email);
        if (minutes > 0) {
          throw new APIError("TOO_MANY_REQUESTS", {
            message: `Too many failed sign-ins. Try again in ${minutes} minute${minutes === 1 ? "" : "s"} or reset your password.`,
          });
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path === "/sign-in/email") {
          const email = String((ctx.body as { email?: unknown })?.email ?? "");
          if (ctx.context.returned instanceof APIError) await recordFailedSignIn(db, email);
          else await clearFailedSignIns(db, email);
          return;
        }
        // TOTP codes are valid for ~90 s; refuse the same code twice so a seen code cannot be replayed.
        if (ctx.path === "/two-factor/verify-totp" && !(ctx.context.returned instanceof APIError)) {
          const session = ctx.context.newSession;
          const code = String((ctx.body as { code?: unknown })?.code ?? "");
          if (!session) return;
          await db.delete(usedTotpCodes).where(lt(usedTotpCodes.usedAt, new Date(Date.now() - 5 * 60_000)));
          try {
            await db.insert(usedTotpCodes).values({ userId: session.user.id, codeHash: sha256(`${session.user.id}:${code}`) });
          } catch (error) {
            if (!isUniqueViolation(error)) throw error;
            await db.delete(sessions).where(eq(sessions.token, session.session.token));
            throw new APIError("UNAUTHORIZED", { message: "This code has already been used. Wait for the next code." });
          }
        }
      }),
    },
    plugins: [twoFactor({ issuer: "NetSphere", backupCodeOptions: { amount: 10, length: 10 } }), nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;
