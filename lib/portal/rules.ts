/*
 * The subscriber portal's pure rules, shared by the browser forms and the server: session and link
 * lifetimes, the input schemas and the speed test's maths.
 */
import { z } from "zod";
import { phoneSchema } from "@/lib/customers/rules";
import { preferencesSchema as notifyPreferencesSchema } from "@/lib/notify/rules";

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

export const MIN_PASSWORD = 10;
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

/* ---------- speed test ---------- */

export const SPEEDTEST_MAX_DOWNLOAD_BYTES = 25 * 1024 * 1024;
/** Below serverless hosts' request body limit (4.5 MB on Vercel); fast links are measured with parallel uploads. */
export const SPEEDTEST_MAX_UPLOAD_BYTES = 4 * 1024 * 1024;
/** Sizes tried in turn; the test moves up while a transfer finishes in under `SPEEDTEST_TARGET_MS`. */
export const SPEEDTEST_DOWNLOAD_STEPS = [256 * 1024, 1024 * 1024, 4 * 1024 * 1024, 16 * 1024 * 1024, SPEEDTEST_MAX_DOWNLOAD_BYTES];
export const SPEEDTEST_UPLOAD_STEPS = [128 * 1024, 512 * 1024, 2 * 1024 * 1024, SPEEDTEST_MAX_UPLOAD_BYTES];
/** When even the largest size is quick, this many run at once to fill a fast link. */
export const SPEEDTEST_PARALLEL = 4;
export const SPEEDTEST_TARGET_MS = 2500;
export const SPEEDTEST_PINGS = 10;
/** Results a subscriber may store per hour: enough for a few retries, not a flood. */
export const SPEEDTEST_MAX_PER_HOUR = 20;

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

/** Kilobits per second for `bytes` moved in `ms`. */
export const kbpsOf = (bytes: number, ms: number): number => (ms <= 0 ? 0 : Math.round((bytes * 8) / ms));

/** Latency is the median round trip; jitter the mean difference between consecutive round trips. */
export function latencyStats(samplesMs: number[]): { latencyMs: number; jitterMs: number } {
  if (samplesMs.length === 0) return { latencyMs: 0, jitterMs: 0 };
  const sorted = [...samplesMs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  let diffs = 0;
  for (let i = 1; i < samplesMs.length; i++) diffs += Math.abs(samplesMs[i] - samplesMs[i - 1]);
  const jitter = samplesMs.length > 1 ? diffs / (samplesMs.length - 1) : 0;
  const round = (n: number) => Math.round(n * 10) / 10;
  return { latencyMs: round(median), jitterMs: round(jitter) };
}

/** After a transfer: try the next size, run the largest ones in parallel (a fast link), or stop. */
export function nextMove(elapsedMs: number, step: number, steps: number[]): "grow" | "parallel" | "stop" {
  if (elapsedMs >= SPEEDTEST_TARGET_MS) return "stop";
  return step < steps.length - 1 ? "grow" : "parallel";
}
