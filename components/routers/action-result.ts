import type { ActionResult } from "@/lib/core/action";

/**
 * Actions that wrap a form's values under a key (`{ routerId, node: {...} }`) report zod errors as
 * `node.name`; this puts them back on the form's own field names.
 */
export function unnestFieldErrors<R>(result: ActionResult<R>, key: string): ActionResult<R> {
  if (result.ok || !result.fieldErrors) return result;
  const prefix = `${key}.`;
  return {
    ...result,
    fieldErrors: Object.fromEntries(
      Object.entries(result.fieldErrors).map(([field, messages]) => [field.startsWith(prefix) ? field.slice(prefix.length) : field, messages]),
    ),
  };
}
