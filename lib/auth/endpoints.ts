import type { BetterAuthPlugin } from "better-auth";
import { APIError } from "better-auth/api";
import { z } from "zod";

/*
 * Better Auth serves dozens of endpoints under /api/auth; the app uses a handful. Staff accounts are made only
 * by our own ISP sign-up and invitation acceptance (server-side `auth.api.signUpEmail`), so /sign-up/email,
 * /update-user and the rest would let anyone make a user without an ISP (squatting an email) or write fields
 * our forms never let through. Only the requests below reach Better Auth over HTTP; `auth.api.*` calls on the
 * server are not requests and are not affected.
 */
const OPEN_ENDPOINTS: ReadonlyArray<{ method: "GET" | "POST"; path: string | RegExp; usedBy: string }> = [
  { method: "POST", path: "/sign-in/email", usedBy: "sign-in form" },
  { method: "POST", path: "/sign-out", usedBy: "app shell and platform sign-out" },
  { method: "POST", path: "/request-password-reset", usedBy: "forgot-password form" },
  { method: "GET", path: /^\/reset-password\/[A-Za-z0-9_-]{1,128}$/, usedBy: "the link in the reset email" },
  { method: "POST", path: "/reset-password", usedBy: "new-password form" },
  { method: "POST", path: "/change-password", usedBy: "account page" },
  { method: "POST", path: "/two-factor/enable", usedBy: "two-factor enrolment" },
  { method: "POST", path: "/two-factor/verify-totp", usedBy: "two-factor enrolment and sign-in challenge" },
  { method: "POST", path: "/two-factor/verify-backup-code", usedBy: "sign-in challenge with a recovery code" },
  { method: "POST", path: "/two-factor/generate-backup-codes", usedBy: "account page (new recovery codes)" },
];

/** Whether a request to Better Auth (path without /api/auth) is one the app makes. */
export function isOpenAuthEndpoint(method: string, path: string): boolean {
  return OPEN_ENDPOINTS.some((e) => e.method === method && (typeof e.path === "string" ? e.path === path : e.path.test(path)));
}

const notFoundResponse = () =>
  Response.json({ ok: false, code: "not_found", message: "Not found." }, { status: 404, headers: { "cache-control": "no-store" } });

/** Answers 404 to every request outside OPEN_ENDPOINTS, before Better Auth reads it. */
export function onlyOpenEndpoints() {
  return {
    id: "netsphere-open-endpoints",
    onRequest: async (request, ctx) => {
      const basePath = new URL(ctx.baseURL).pathname.replace(/\/+$/, "");
      const pathname = new URL(request.url).pathname;
      const path = pathname.startsWith(`${basePath}/`) ? pathname.slice(basePath.length) : null;
      if (path === null || !isOpenAuthEndpoint(request.method, path.replace(/\/+$/, ""))) return { response: notFoundResponse() };
    },
  } satisfies BetterAuthPlugin;
}

/* The user fields Better Auth writes get the limits of our own forms (sign-up, invitation), whoever calls it. */
const userFields = z.object({
  name: z.string().trim().min(1, "Enter a name").max(120, "Use at most 120 characters for the name").optional(),
  email: z.string().max(254, "This email is too long").optional(),
  image: z.string().max(2048, "This image address is too long").nullish(),
});

/** For Better Auth's user create/update hooks: refuses what our forms would refuse. */
export async function checkUserFields(user: Record<string, unknown>) {
  const parsed = userFields.safeParse(user);
  if (!parsed.success) throw new APIError("BAD_REQUEST", { message: parsed.error.issues[0]?.message ?? "These details are not valid." });
}
