/*
 * Portal Server Actions and route handlers: the staff wrappers' twins with the subscriber's session in place
 * of the staff session. Same zod parsing, same error body; tenant and customer come from the session only.
 */
import "server-only";
import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { fieldErrorsOf, toActionError, withoutNul, type ActionResult } from "@/lib/core/action";
import { errorResponse } from "@/lib/core/route";
import { AppError } from "@/lib/core/errors";
import { requirePortalContext, type PortalContext } from "./context";
import { assertPortalSameOrigin } from "./host";

export type PortalActionDefinition<S extends z.ZodType, R> = {
  name: string;
  /** Marks an action that runs only for a signed-in subscriber (tests/integration/permissions.test.ts checks it). */
  portal: true;
  input: S;
  run: (ctx: PortalContext, input: z.output<S>) => Promise<R>;
};

/** zod parse → domain function, for a subscriber's context. Used by the action and by tests alike. */
export async function executePortalAction<S extends z.ZodType, R>(def: PortalActionDefinition<S, R>, ctx: PortalContext, raw: unknown): Promise<R> {
  const parsed = def.input.safeParse(withoutNul(raw));
  if (!parsed.success) throw new AppError("validation", "Some fields need attention.", { fieldErrors: fieldErrorsOf(parsed.error) });
  return def.run(ctx, parsed.data);
}

/** The one way to write a portal Server Action: portal session → zod → domain function, revalidating `revalidate`. */
export function definePortalAction<S extends z.ZodType, R>(def: Omit<PortalActionDefinition<S, R>, "portal"> & { revalidate?: string[] }) {
  const definition: PortalActionDefinition<S, R> = { name: def.name, portal: true, input: def.input, run: def.run };
  const action = async (input: z.input<S>): Promise<ActionResult<R>> => {
    try {
      const data = await executePortalAction(definition, await requirePortalContext(), input);
      for (const path of def.revalidate ?? []) revalidatePath(path, "layout");
      return { ok: true, data };
    } catch (error) {
      return toActionError(error, def.name);
    }
  };
  return Object.assign(action, { definition });
}

/**
 * The one way to write a portal route handler: portal session → same origin (for a change; the ISP's verified custom
 * domain counts as ours) → handler, every failure as the JSON error body.
 */
export function portalRoute<P = Record<string, never>>(
  handler: (ctx: PortalContext, request: Request, context: { params: Promise<P> }) => Promise<Response>,
) {
  return async (request: Request, context: { params: Promise<P> }): Promise<Response> => {
    try {
      const ctx = await requirePortalContext();
      await assertPortalSameOrigin(request);
      return await handler(ctx, request, context);
    } catch (error) {
      return errorResponse(error, new URL(request.url).pathname);
    }
  };
}
