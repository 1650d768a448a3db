/*
 * Errors of the public API as RFC 9457 problem details (`application/problem+json`): `type` names our error code
 * (`urn:netsphere:problem:<code>`), `title` says it in words, `detail` is the message for this request, and
 * `errors` lists field problems as `{ field, message }` (also kept as `fieldErrors` like the app's other routes).
 */
import { AppError, type ErrorCode } from "@/lib/core/errors";
import { logger } from "@/lib/core/logger";

const titles: Record<ErrorCode, string> = {
  unauthenticated: "Missing or invalid API key",
  forbidden: "Not allowed",
  not_found: "Not found",
  conflict: "Conflict",
  validation: "Invalid request",
  bad_request: "Unreadable request",
  too_large: "Request too large",
  unsupported_media_type: "Unsupported media type",
  plan_limit: "NetSphere plan limit reached",
  rate_limited: "Too many requests",
  router_unreachable: "Router unreachable",
  router_trap: "Router refused the change",
  payment_failed: "Payment failed",
  provider_unreachable: "Outside service unreachable",
  internal: "Internal error",
};

export const problemType = (code: ErrorCode) => `urn:netsphere:problem:${code}`;

export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: ErrorCode;
  errors?: { field: string; message: string }[];
  fieldErrors?: Record<string, string[]>;
};

export function problemOf(error: unknown, instance: string): Problem {
  if (error instanceof AppError) {
    const fieldErrors = error.fieldErrors && Object.keys(error.fieldErrors).length ? error.fieldErrors : undefined;
    return {
      type: problemType(error.code),
      title: titles[error.code],
      status: error.status,
      detail: error.message,
      instance,
      code: error.code,
      ...(fieldErrors
        ? { errors: Object.entries(fieldErrors).flatMap(([field, messages]) => messages.map((message) => ({ field, message }))), fieldErrors }
        : {}),
    };
  }
  logger.error({ err: error, route: instance }, "api request failed");
  return {
    type: problemType("internal"),
    title: titles.internal,
    status: 500,
    detail: "Something went wrong on our side. Nothing was changed; try again.",
    instance,
    code: "internal",
  };
}

export function problemResponse(error: unknown, instance: string, headers: Record<string, string> = {}): Response {
  const problem = problemOf(error, instance);
  return new Response(JSON.stringify(problem), {
    status: problem.status,
    headers: { ...headers, "content-type": "application/problem+json", "cache-control": "no-store" },
  });
}
