import "server-only";
import { AppError } from "@/lib/core/errors";
import { logger } from "@/lib/core/logger";

/** JSON error body of the import route handlers: a message safe to show, never a raw error. */
export function errorResponse(error: unknown, route: string): Response {
  if (error instanceof AppError) {
    return Response.json(
      { ok: false, code: error.code, message: error.message, fieldErrors: error.fieldErrors, details: error.details },
      { status: error.status, headers: { "cache-control": "no-store" } },
    );
  }
  logger.error({ err: error, route }, "import route failed");
  return Response.json(
    { ok: false, code: "internal", message: "Something went wrong on our side. Nothing was imported; try again." },
    { status: 500, headers: { "cache-control": "no-store" } },
  );
}
