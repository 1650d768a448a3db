import "server-only";
import type { z } from "zod";
import { requireStaffContext } from "@/lib/auth/session";
import { can, type Permission } from "@/lib/auth/permissions";
import type { StaffContext } from "@/lib/auth/context";
import { fieldErrorsOf, readOnlyRefusal, withoutNul } from "@/lib/core/action";
import { AppError, forbidden } from "@/lib/core/errors";
import { logger } from "@/lib/core/logger";
import { assertSameOrigin } from "@/lib/core/origin";

const noStore = { "cache-control": "no-store" };

/** The JSON error body of every route handler: the same fields as a failed Server Action. */
export function errorResponse(error: unknown, route: string): Response {
  if (error instanceof AppError) {
    return Response.json(
      { ok: false, code: error.code, message: error.message, fieldErrors: error.fieldErrors, details: error.details },
      { status: error.status, headers: noStore },
    );
  }
  logger.error({ err: error, route }, "route handler failed");
  return Response.json(
    { ok: false, code: "internal", message: "Something went wrong on our side. Nothing was changed; try again." },
    { status: 500, headers: noStore },
  );
}

/** Query parameters parsed with a zod schema; bad input is a 422 with field errors, never a 500. */
export function parseSearchParams<S extends z.ZodType>(request: Request, schema: S): z.output<S> {
  const parsed = schema.safeParse(withoutNul(Object.fromEntries(new URL(request.url).searchParams)));
  if (!parsed.success) throw new AppError("validation", "Some parameters are not valid.", { fieldErrors: fieldErrorsOf(parsed.error) });
  return parsed.data;
}

/**
 * The one way to write a staff route handler (the Server Action wrapper's twin): session → tenant → same
 * origin (for a change) → permission → handler, with every failure turned into the JSON error body.
 */
export function staffRoute<P = Record<string, never>>(
  permission: Permission,
  handler: (ctx: StaffContext, request: Request, context: { params: Promise<P> }) => Promise<Response>,
) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const ctx = await requireStaffContext();
      assertSameOrigin(request);
      if (!can(ctx.role, permission)) throw forbidden();
      // A read-only ISP (NetSphere invoice overdue) may read; a POST, PUT, PATCH or DELETE changes something.
      if (ctx.writesBlocked && !["GET", "HEAD"].includes(request.method)) throw readOnlyRefusal(ctx.writesBlocked);
      return await handler(ctx, request, context);
    } catch (error) {
      return errorResponse(error, new URL(request.url).pathname);
    }
  };
}
