import "server-only";
import { revalidatePath } from "next/cache";
import type { z } from "zod";
import { requireStaffContext } from "@/lib/auth/session";
import { staffAction, type ActionDefinition, type StaffAction } from "@/lib/core/action";

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
