export type ErrorCode =
  | "unauthenticated"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "validation"
  | "bad_request"
  | "too_large"
  | "unsupported_media_type"
  | "plan_limit"
  | "rate_limited"
  | "router_unreachable"
  | "router_trap"
  | "payment_failed"
  | "provider_unreachable"
  | "internal";

const httpStatus: Record<ErrorCode, number> = {
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  validation: 422,
  /** A body that cannot be read at all: a malformed form, a body cut short. */
  bad_request: 400,
  /** A body over the route's limit, refused while it streams in (lib/core/body.ts). */
  too_large: 413,
  unsupported_media_type: 415,
  plan_limit: 402,
  rate_limited: 429,
  router_unreachable: 502,
  /** The router answered but refused the command (a `!trap`); the message is RouterOS's own. */
  router_trap: 422,
  /** A payment gateway refused or failed (Stripe/PayPal); the message says what to do. */
  payment_failed: 402,
  /** An outside service (SMS, chat, payment gateway, storage) could not be reached or answered too much or too late. */
  provider_unreachable: 502,
  internal: 500,
};

export type FieldErrors = Record<string, string[]>;

/** The one error type: a code users can act on, a message safe to show, optional field errors. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fieldErrors?: FieldErrors;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: { fieldErrors?: FieldErrors; details?: Record<string, unknown> } = {}) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.fieldErrors = options.fieldErrors;
    this.details = options.details;
  }

  get status() {
    return httpStatus[this.code];
  }
}

export const notFound = (what = "Record") => new AppError("not_found", `${what} not found.`);
export const forbidden = () => new AppError("forbidden", "You do not have permission to do that.");

/** Postgres unique-violation, whichever driver raised it. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const e = error as { code?: string; constraint?: string; cause?: unknown } | null;
  if (!e || typeof e !== "object") return false;
  if (e.code === "23505") return constraint ? (e.constraint ?? "").includes(constraint) || !e.constraint : true;
  return e.cause ? isUniqueViolation(e.cause, constraint) : false;
}
