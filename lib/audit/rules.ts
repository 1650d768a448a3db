/*
 * The audit log page's filters, parsed from its query string: anything unusable is dropped (the page shows
 * every entry rather than an error page) and a date that is not a real day is named, so the form can say so.
 */
import { z } from "zod";
import { isCalendarDate } from "@/lib/core/calendar";
import { withoutNul } from "@/lib/core/action";
import { auditEntityTypes, type AuditFilter } from "@/lib/audit/queries";

const dayFilter = z.string().refine(isCalendarDate).optional().catch(undefined);

export const auditFilterSchema = z.object({
  entityType: z.enum(auditEntityTypes).optional().catch(undefined),
  action: z.string().trim().max(60).optional().catch(undefined),
  actor: z.string().trim().max(120).optional().catch(undefined),
  from: dayFilter,
  to: dayFilter,
  before: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional().catch(undefined),
});

export type DateFilterErrors = Partial<Record<"from" | "to", string>>;

/** The filter to apply, and a message for each date given that is not a real day (it is left out of the filter). */
export function parseAuditFilter(raw: Record<string, string | string[] | undefined>): { filter: AuditFilter; dateErrors: DateFilterErrors } {
  const given = withoutNul(Object.fromEntries(Object.entries(raw).filter((entry): entry is [string, string] => typeof entry[1] === "string" && entry[1] !== "")));
  const filter = auditFilterSchema.parse(given);
  const dateErrors: DateFilterErrors = {};
  for (const key of ["from", "to"] as const) {
    if (given[key] !== undefined && filter[key] === undefined) dateErrors[key] = `“${given[key].slice(0, 20)}” is not a date, so it is not applied.`;
  }
  return { filter, dateErrors };
}
