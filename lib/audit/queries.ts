import { and, desc, eq, gte, ilike, lt, or, type SQL } from "drizzle-orm";
import { auditLog } from "@/lib/audit/schema";
import { addDays, isCalendarDate } from "@/lib/core/calendar";
import { AppError } from "@/lib/core/errors";
import { zonedInstant } from "@/lib/core/time-zones";
import type { DbOrTx } from "@/lib/db/types";

/** The customer's timeline: every audited change that concerned them, newest first. */
export async function customerTimeline(db: DbOrTx, { tenantId, customerId, limit = 100 }: { tenantId: string; customerId: string; limit?: number }) {
  return db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.tenantId, tenantId), eq(auditLog.customerId, customerId)))
    .orderBy(desc(auditLog.createdAt), desc(auditLog.id))
    .limit(limit);
}

export type AuditFilter = { entityType?: string; action?: string; actor?: string; from?: string; to?: string; before?: number };
export const AUDIT_PAGE_SIZE = 50;

/** Days that do not exist or an id past bigint would fail in the query itself: refused here with the field named. */
function assertUsableFilter(filter: AuditFilter) {
  const fieldErrors: Record<string, string[]> = {};
  for (const key of ["from", "to"] as const) {
    const day = filter[key];
    if (day !== undefined && !isCalendarDate(day)) fieldErrors[key] = ["Enter a real day as YYYY-MM-DD."];
  }
  if (filter.before !== undefined && !(Number.isSafeInteger(filter.before) && filter.before > 0)) fieldErrors.before = ["Not a page of the log."];
  if (Object.keys(fieldErrors).length > 0) throw new AppError("validation", "Some filters are not valid.", { fieldErrors });
}

/**
 * The audit log page: filter by entity, action, actor and date range (calendar days in the ISP's time zone);
 * keyset pagination by id.
 */
export async function listAuditEntries(db: DbOrTx, { tenantId, filter, timeZone }: { tenantId: string; filter: AuditFilter; timeZone: string }) {
  assertUsableFilter(filter);
  const conditions: SQL[] = [eq(auditLog.tenantId, tenantId)];
  if (filter.entityType) conditions.push(eq(auditLog.entityType, filter.entityType));
  if (filter.action) conditions.push(ilike(auditLog.action, `%${filter.action.replace(/[%_\\]/g, "\\$&")}%`));
  if (filter.actor)
    conditions.push(or(ilike(auditLog.actorLabel, `%${filter.actor.replace(/[%_\\]/g, "\\$&")}%`), eq(auditLog.actorUserId, filter.actor))!);
  if (filter.from) conditions.push(gte(auditLog.createdAt, new Date(zonedInstant(filter.from, 0, timeZone))));
  if (filter.to) conditions.push(lt(auditLog.createdAt, new Date(zonedInstant(addDays(filter.to, 1), 0, timeZone))));
  if (filter.before) conditions.push(lt(auditLog.id, filter.before));
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(desc(auditLog.id))
    .limit(AUDIT_PAGE_SIZE + 1);
  return { rows: rows.slice(0, AUDIT_PAGE_SIZE), nextBefore: rows.length > AUDIT_PAGE_SIZE ? rows[AUDIT_PAGE_SIZE - 1].id : null };
}

export const auditEntityTypes = [
  "tenant",
  "user",
  "invitation",
  "customer",
  "lead",
  "subscription",
  "plan",
  "router",
  "site",
  "import_job",
  "invoice",
  "payment",
  "credit_note",
  "promo_code",
  "billing_run",
  "tax_class",
  "ticket",
  "document",
  "sla_policy",
  "business_calendar",
  "holiday",
  "notification",
  "notification_channel",
  "notification_template",
  "communication",
] as const;
