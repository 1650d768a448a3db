import { z } from "zod";
import { can, type Permission } from "@/lib/auth/permissions";
import type { StaffContext } from "@/lib/auth/context";
import { AppError, forbidden, type ErrorCode, type FieldErrors } from "@/lib/core/errors";
import { logger } from "@/lib/core/logger";

export type ActionResult<T> =
  { ok: true; data: T } | { ok: false; code: ErrorCode; message: string; fieldErrors?: FieldErrors; details?: Record<string, unknown> };

export type ActionDefinition<S extends z.ZodType, R> = {
  name: string;
  permission: Permission;
  input: S;
  run: (ctx: StaffContext, input: z.output<S>) => Promise<R>;
  /** `false` for an action that only reads (a search, a preview): it stays open while the ISP's NetSphere account is read-only. */
  changesData?: false;
};

export type StaffAction<S extends z.ZodType, R> = ((input: z.input<S>) => Promise<ActionResult<R>>) & {
  definition: ActionDefinition<S, R>;
};

export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = issue.path.join(".") || "_form";
    (out[key] ??= []).push(issue.message);
  }
  return out;
}

/**
 * Postgres text cannot hold NUL characters; a NUL smuggled into any string of the input (a value or a
 * key, which may end up in a JSON column) would make the query fail, so they are removed before
 * validation, for every action and route.
 */
export function withoutNul<T>(value: T): T {
  if (typeof value === "string") return value.replaceAll("\u0000", "") as T;
  if (Array.isArray(value)) return value.map(withoutNul) as T;
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k.replaceAll("\u0000", ""), withoutNul(v)])) as T;
  }
  return value;
}

/** Permission → zod parse → domain function. Used by server actions and by tests alike. */
export async function executeAction<S extends z.ZodType, R>(def: ActionDefinition<S, R>, ctx: StaffContext, raw: unknown): Promise<R> {
  if (!can(ctx.role, def.permission)) throw forbidden();
  if (ctx.writesBlocked && def.changesData !== false) throw readOnlyRefusal(ctx.writesBlocked);
  const parsed = def.input.safeParse(withoutNul(raw));
  if (!parsed.success) {
    throw new AppError("validation", "Some fields need attention.", { fieldErrors: fieldErrorsOf(parsed.error) });
  }
  return def.run(ctx, parsed.data);
}

/** The refusal of a change while the ISP's NetSphere account is read-only (actions and route handlers alike). */
export const readOnlyRefusal = (blocked: { message: string }) => new AppError("forbidden", blocked.message, { details: { readOnly: true } });

export function toActionError(error: unknown, actionName: string): ActionResult<never> {
  if (error instanceof AppError) {
    return { ok: false, code: error.code, message: error.message, fieldErrors: error.fieldErrors, details: error.details };
  }
  // Framework control flow (redirect/notFound) must propagate.
  if (error && typeof error === "object" && "digest" in error && String((error as { digest: unknown }).digest).startsWith("NEXT_")) throw error;
  logger.error({ err: error, action: actionName }, "action failed");
  return { ok: false, code: "internal", message: "Something went wrong on our side. Nothing was saved; try again." };
}

/**
 * The one way to write a Server Action: session → tenant → permission → zod → domain function.
 * The context comes from the session cookie only; the returned function carries its definition
 * so tests can enumerate permissions and run it with a test context.
 */
export function staffAction<S extends z.ZodType, R>(def: ActionDefinition<S, R>, contextProvider: () => Promise<StaffContext>): StaffAction<S, R> {
  const serverAction = async (input: z.input<S>): Promise<ActionResult<R>> => {
    try {
      const ctx = await contextProvider();
      return { ok: true, data: await executeAction(def, ctx, input) };
    } catch (error) {
      return toActionError(error, def.name);
    }
  };
  return Object.assign(serverAction, { definition: def });
}

export type PublicActionDefinition<S extends z.ZodType, R> = { name: string; public: true; input: S; run: (input: z.output<S>) => Promise<R> };

/** Actions reachable without a session (sign-up, accept invite): still validated, still error-mapped. */
export function publicAction<S extends z.ZodType, R>(def: PublicActionDefinition<S, R>) {
  const serverAction = async (raw: z.input<S>): Promise<ActionResult<R>> => {
    try {
      const parsed = def.input.safeParse(withoutNul(raw));
      if (!parsed.success) throw new AppError("validation", "Some fields need attention.", { fieldErrors: fieldErrorsOf(parsed.error) });
      return { ok: true, data: await def.run(parsed.data) };
    } catch (error) {
      return toActionError(error, def.name);
    }
  };
  return Object.assign(serverAction, { definition: def });
}
