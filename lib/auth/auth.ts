import { betterAuth } from "better-auth";
import { drizzleAdapter } from "better-auth/adapters/drizzle";
import { APIError, createAuthMiddleware, getSessionFromCtx } from "better-auth/api";
import { nextCookies } from "better-auth/next-js";
import { twoFactor } from "better-auth/plugins";
import { and, eq, lt } from "drizzle-orm";
import { accounts, sessions, twoFactors, usedTotpCodes, users, verifications } from "@/lib/auth/schema";
import { clearFailedSignIns, lockoutRemainingMinutes, recordFailedSignIn } from "@/lib/auth/lockout";
import {
  giveBackThrottle,
  networkThrottledMessage,
  STAFF_RESET_PER_ADDRESS,
  STAFF_SIGN_IN_PER_ADDRESS,
  takeThrottle,
  type ThrottleRule,
} from "@/lib/auth/throttle";
import { addressKey, CLIENT_IP_HEADER, clientIp } from "@/lib/core/client-ip";
import { checkUserFields, onlyOpenEndpoints } from "@/lib/auth/endpoints";
import { sessionTokenHash, withHashedSessionTokens } from "@/lib/auth/hashed-sessions";
import { sendEmail } from "@/lib/mail/send";
import { sha256 } from "@/lib/core/crypto";
import { env } from "@/lib/core/env";
import { isUniqueViolation } from "@/lib/core/errors";
import type { Db } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";
import { localAppOrigins } from "@/lib/core/origin";

export const SIGN_IN_FAILED_MESSAGE = "Invalid email or password.";

export function createAuth(db: Db, options: { baseURL?: string; rateLimit?: boolean } = {}) {
  const baseURL = options.baseURL ?? env().APP_URL;
  return betterAuth({
    appName: "NetSphere",
    baseURL,
    secret: env().BETTER_AUTH_SECRET,
    trustedOrigins: [baseURL, ...localAppOrigins()],
    // Tokens at rest are hashes: session tokens through the adapter, reset and two-factor tokens by Better Auth.
    database: withHashedSessionTokens(
      drizzleAdapter(db, {
        provider: "pg",
        schema: { user: users, session: sessions, account: accounts, verification: verifications, twoFactor: twoFactors },
      }),
    ),
    verification: { storeIdentifier: "hashed" },
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
    // Better Auth's limiter, sessions and audit read the address only from our header: the route handler sets it
    // from clientIp() on a copy of each request (withClientIp), so a client's X-Forwarded-For is never its key.
    advanced: { ipAddress: { ipAddressHeaders: [CLIENT_IP_HEADER] } },
    rateLimit: {
      enabled: options.rateLimit ?? true,
      window: 60,
      max: 200,
      customRules: {
        "/sign-in/email": { window: 60, max: env().AUTH_SIGN_IN_PER_MINUTE },
        "/request-password-reset": { window: 60, max: 5 },
      },
    },
    databaseHooks: {
      user: { create: { before: checkUserFields }, update: { before: checkUserFields } },
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
        // Refuse a replayed TOTP code before Better Auth spends the sign-in challenge on it.
        if (ctx.path === "/two-factor/verify-totp") {
          const userId = await twoFactorUserId(ctx);
          const code = String((ctx.body as { code?: unknown })?.code ?? "");
          if (userId && (await isTotpCodeUsed(db, userId, code))) {
            throw new APIError("UNAUTHORIZED", { message: "This code has already been used. Wait for the next code." });
          }
          return;
        }
        if (ctx.path === "/request-password-reset") return refuseWhenThrottled(db, STAFF_RESET_PER_ADDRESS, ctx);
        if (ctx.path !== "/sign-in/email") return;
        await refuseWhenThrottled(db, STAFF_SIGN_IN_PER_ADDRESS, ctx);
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
          else {
            await clearFailedSignIns(db, email);
            // The address throttle counts failures: a good sign-in gives its attempt back.
            if (ctx.request) await giveBackThrottle(db, STAFF_SIGN_IN_PER_ADDRESS, addressKey(clientIp(ctx.request.headers)));
          }
          return;
        }
        // TOTP codes are valid for ~90 s; remember accepted ones so a seen code cannot be replayed.
        // The insert is also the backstop for two concurrent requests carrying the same code.
        if (ctx.path === "/two-factor/verify-totp" && !(ctx.context.returned instanceof APIError)) {
          const session = ctx.context.newSession;
          const code = String((ctx.body as { code?: unknown })?.code ?? "");
          if (!session) return;
          await db.delete(usedTotpCodes).where(lt(usedTotpCodes.usedAt, new Date(clock.ms() - TOTP_MEMORY_MS)));
          try {
            await db.insert(usedTotpCodes).values({ userId: session.user.id, codeHash: totpCodeHash(session.user.id, code) });
          } catch (error) {
            if (!isUniqueViolation(error)) throw error;
            await db.delete(sessions).where(eq(sessions.token, sessionTokenHash(session.session.token)));
            throw new APIError("UNAUTHORIZED", { message: "This code has already been used. Wait for the next code." });
          }
        }
      }),
    },
    plugins: [onlyOpenEndpoints(), twoFactor({ issuer: "NetSphere", backupCodeOptions: { amount: 10, length: 10 } }), nextCookies()],
  });
}

export type Auth = ReturnType<typeof createAuth>;

const TOTP_MEMORY_MS = 5 * 60_000;
const totpCodeHash = (userId: string, code: string) => sha256(`${userId}:${code}`);

async function isTotpCodeUsed(db: Db, userId: string, code: string) {
  const [row] = await db
    .select({ usedAt: usedTotpCodes.usedAt })
    .from(usedTotpCodes)
    .where(and(eq(usedTotpCodes.userId, userId), eq(usedTotpCodes.codeHash, totpCodeHash(userId, code))));
  return !!row && row.usedAt.getTime() > clock.ms() - TOTP_MEMORY_MS;
}

/**
 * Counts a request's attempt against its address (shared by every instance) and refuses it, before any password
 * check, past the limit. Calls made by our own server code (`auth.api.*`, no request) are nobody's attempt.
 */
async function refuseWhenThrottled(db: Db, rule: ThrottleRule, ctx: HookContext) {
  if (!ctx.request) return;
  const outcome = await takeThrottle(db, rule, addressKey(clientIp(ctx.request.headers)));
  if (!outcome.allowed) throw new APIError("TOO_MANY_REQUESTS", { message: networkThrottledMessage(outcome.retryInMinutes) });
}

type HookContext = Parameters<Parameters<typeof createAuthMiddleware>[0]>[0];

/** Whose code is being checked: the signed-in user (enrolment) or the user of the sign-in challenge. */
async function twoFactorUserId(ctx: HookContext): Promise<string | null> {
  const session = await getSessionFromCtx(ctx).catch(() => null);
  if (session) return session.user.id;
  const cookie = ctx.context.createAuthCookie("two_factor");
  const token = await ctx.getSignedCookie(cookie.name, ctx.context.secret);
  if (!token) return null;
  const verification = await ctx.context.internalAdapter.findVerificationValue(token);
  return verification?.value ?? null;
}
