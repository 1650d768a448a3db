import "server-only";
import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { getSessionUser, needsTwoFactorEnrolment, requireStaffContext } from "@/lib/auth/session";
import { fieldErrorsOf, staffAction, toActionError, type ActionDefinition, type ActionResult, type StaffAction } from "@/lib/core/action";
import { AppError, forbidden } from "@/lib/core/errors";
import { crossTenantDb } from "@/lib/db";
import type { Db } from "@/lib/db/types";

/** A staff Server Action: `staffAction` bound to the session, revalidating the given paths on success. */
export function defineStaffAction<S extends z.ZodType, R>(def: ActionDefinition<S, R> & { revalidate?: string[] }): StaffAction<S, R> {
  const action = staffAction(def, requireStaffContext);
  const withRevalidation = async (input: z.input<S>) => {
    const result = await action(input);
    if (result.ok) for (const path of def.revalidate ?? []) revalidatePath(path, "layout");
    return result;
  };
  return Object.assign(withRevalidation, { definition: def });
}

/** NetSphere operator actions: no tenant; the session user must be a platform operator with 2FA. */
export function definePlatformAction<S extends z.ZodType, R>(def: {
  name: string;
  input: S;
  run: (ctx: PlatformContext, input: z.output<S>) => Promise<R>;
}) {
  const action = async (raw: z.input<S>): Promise<ActionResult<R>> => {
    try {
      const user = await getSessionUser();
      if (!user) throw new AppError("unauthenticated", "Your session has ended. Sign in again.");
      if (!user.platformOperator || needsTwoFactorEnrolment(user)) throw forbidden();
      const parsed = def.input.safeParse(raw);
      if (!parsed.success) throw new AppError("validation", "Some fields need attention.", { fieldErrors: fieldErrorsOf(parsed.error) });
      // Across ISPs on purpose (the owner's handle, named so); each operator action audits under the operator's name.
      const result = await def.run({ db: await crossTenantDb(), userId: user.id, userName: user.name }, parsed.data);
      revalidatePath("/platform");
      return { ok: true, data: result };
    } catch (error) {
      return toActionError(error, def.name);
    }
  };
  return Object.assign(action, { definition: { ...def, permission: "platform:operate" as const } });
}

export type PlatformContext = { db: Db; userId: string; userName: string };
