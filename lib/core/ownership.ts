import { AppError } from "@/lib/core/errors";

/**
 * The one answer when an action is handed ids that are not all the ISP's own: every id the action names must be
 * among the rows found for it in the session's tenant. Another ISP's record, a deleted one and a made-up id all
 * read the same, as not found, so the answer reveals nothing about other ISPs. Each owning domain looks its rows
 * up (e.g. `assertPlansOfTenant`) and calls this with what it found.
 */
export function assertAllFound(asked: readonly string[], found: Iterable<string>, what: { one: string; many: string }, field?: string): void {
  const own = new Set(found);
  const missing = [...new Set(asked)].filter((id) => !own.has(id));
  if (missing.length === 0) return;
  const message =
    asked.length === 1
      ? `${what.one[0].toUpperCase()}${what.one.slice(1)} not found. Reload the page and choose again.`
      : `${missing.length === 1 ? `One of the ${what.many}` : `${missing.length} of the ${what.many}`} could not be found. Reload the page and choose again.`;
  throw new AppError("not_found", message, field ? { fieldErrors: { [field]: [message] } } : {});
}
