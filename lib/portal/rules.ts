/*
 * The subscriber portal's pure rules on the server: session and link lifetimes and the input schemas its actions
 * and routes parse. The browser forms send what was typed and show the errors these return; the few constants
 * the browser needs are in values.ts and speed-test-rules.ts, without zod.
 */
import { z } from "zod";
import { phoneSchema } from "@/lib/customers/rules";
import { preferencesSchema as notifyPreferencesSchema } from "@/lib/notify/rules";
import { SPEEDTEST_MAX_DOWNLOAD_BYTES } from "./speed-test-rules";
import { MIN_PASSWORD } from "./values";

export const PORTAL_COOKIE = "ns_portal";
/** Remembers which ISP's sign-in page to show after a sign-out or an expired session. */
export const PORTAL_ISP_COOKIE = "ns_portal_isp";
export const SESSION_DAYS = 30;
/** A session is extended at most once a day, so page views don't write on every request. */
export const SESSION_SLIDE_AFTER_MS = 24 * 3_600_000;

export const tokenKinds = ["reset", "magic_link", "invite"] as const;
export type PortalTokenKind = (typeof tokenKinds)[number];
export const TOKEN_MINUTES: Record<PortalTokenKind, number> = { reset: 60, magic_link: 30, invite: 60 };
/** Unused links of one kind a customer can hold at once; more requests are quietly dropped (no mail bombing). */
export const MAX_OPEN_TOKENS = 3;

export const GENERIC_SIGN_IN_ERROR = "That account number or email and password do not match. Check them and try again.";
export const LOCKED_MESSAGE = "Too many failed attempts. Wait 15 minutes and try again, or reset your password.";

export const passwordSchema = z.string().min(MIN_PASSWORD, `Use at least ${MIN_PASSWORD} characters`).max(128, "Use at most 128 characters");

/** Who is signing in: the ISP (from the sign-in link) and an account number or email. */
export const signInSchema = z.object({
  isp: z.uuid("Open the sign-in link your internet provider gave you"),
  identifier: z.string().trim().min(1, "Enter your account number or email").max(254, "That is too long"),
  password: z.string().min(1, "Enter your password").max(128, "That is too long"),
});

export const requestLinkSchema = z.object({
  isp: z.uuid("Open the sign-in link your internet provider gave you"),
  identifier: z.string().trim().min(1, "Enter your account number or email").max(254, "That is too long"),
});

export const tokenSchema = z.string().regex(/^[A-Za-z0-9_-]{43}$/, "This link is not valid");

export const setPasswordSchema = z
  .object({ token: tokenSchema, password: passwordSchema, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { message: "The passwords do not match", path: ["confirm"] });

export const changePasswordSchema = z
  .object({ current: z.string().min(1, "Enter your current password").max(128), password: passwordSchema, confirm: z.string() })
  .refine((v) => v.password === v.confirm, { message: "The passwords do not match", path: ["confirm"] });

export const contactSchema = z.object({
  email: z.union([z.literal(""), z.string().trim().toLowerCase().email("Enter a valid email").max(254, "This email is too long")]),
  phone: phoneSchema,
});

/** The notification settings form: the staff form's fields (lib/notify) for the signed-in subscriber. */
export const preferencesSchema = notifyPreferencesSchema.omit({ customerId: true }).superRefine((v, ctx) => {
  if (v.channels.includes("telegram") && !v.telegramChatId)
    ctx.addIssue({ code: "custom", path: ["telegramChatId"], message: "Enter your Telegram chat id to get messages there" });
  if (v.channels.includes("whatsapp") && !v.whatsappNumber)
    ctx.addIssue({ code: "custom", path: ["whatsappNumber"], message: "Enter your WhatsApp number to get messages there" });
});
export type PreferencesInput = z.input<typeof preferencesSchema>;

/** An account number is matched without regard to case; anything with an @ is an email. */
export const identifierKind = (identifier: string): "email" | "account" => (identifier.includes("@") ? "email" : "account");

/* ---------- speed test (its sizes and maths: speed-test-rules.ts) ---------- */

export const downloadQuerySchema = z.object({
  bytes: z.coerce
    .number("Give the size in bytes")
    .int("Give a whole number of bytes")
    .min(1, "Ask for at least 1 byte")
    .max(SPEEDTEST_MAX_DOWNLOAD_BYTES, `Ask for at most ${SPEEDTEST_MAX_DOWNLOAD_BYTES} bytes`),
});

export const speedTestResultSchema = z.object({
  downloadKbps: z.number().int().min(0).max(100_000_000),
  uploadKbps: z.number().int().min(0).max(100_000_000),
  latencyMs: z.number().min(0).max(60_000),
  jitterMs: z.number().min(0).max(60_000),
});
export type SpeedTestResult = z.infer<typeof speedTestResultSchema>;
