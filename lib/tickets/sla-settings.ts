/*
 * A tenant's SLA setup: the four policies (built-in defaults until saved), the weekly business hours (Mon–Sat
 * 08:00–17:00 until saved), holidays, all in the tenant's time zone. Changes are audited. Saved policies apply to
 * tickets opened from then on: a ticket's due dates are fixed when it is opened.
 */
import { and, asc, eq } from "drizzle-orm";
import type { z } from "zod";
import { tenantLocale } from "@/lib/tenants/queries";
import { recordAudit, type TenantActor } from "@/lib/audit/record";
import { AppError, isUniqueViolation, notFound } from "@/lib/core/errors";
import { isUuid } from "@/lib/core/ids";
import type { Db, DbOrTx } from "@/lib/db/types";
import { businessCalendars, holidays, slaPolicies, ticketPriorities, type TicketPriority, type WeeklyHours } from "./schema";
import { defaultSlaPolicies, defaultWeeklyHours, type SlaCalendar, type SlaPolicy } from "./sla";
import { philippineRegularHolidays, weeklyHoursOf, type businessHoursSchema, type holidaySchema, type slaPoliciesSchema } from "./sla-rules";
import { clock } from "@/lib/core/clock";

export type SlaSetup = {
  calendar: SlaCalendar;
  policies: Record<TicketPriority, SlaPolicy>;
  /** Whether the tenant saved its own policies / hours (otherwise the built-in ones apply). */
  custom: { policies: boolean; hours: boolean };
};

/** The policies, business calendar and holidays of a tenant, with the built-in defaults filling any gap. */
export async function loadSlaSetup(db: DbOrTx, { tenantId }: { tenantId: string }): Promise<SlaSetup> {
  // One after another: `db` may be a transaction, whose single connection runs one query at a time.
  const tenant = await tenantLocale(db, { tenantId });
  const policyRows = await db.select().from(slaPolicies).where(eq(slaPolicies.tenantId, tenantId));
  const calendarRows = await db
    .select({ weeklyHours: businessCalendars.weeklyHours })
    .from(businessCalendars)
    .where(eq(businessCalendars.tenantId, tenantId));
  const holidayRows = await db.select({ date: holidays.date }).from(holidays).where(eq(holidays.tenantId, tenantId));
  const policies = { ...defaultSlaPolicies };
  for (const row of policyRows) {
    policies[row.priority] = {
      priority: row.priority,
      firstResponseMinutes: row.firstResponseMinutes,
      resolutionMinutes: row.resolutionMinutes,
      warnBeforeMinutes: row.warnBeforeMinutes,
      twentyFourSeven: row.twentyFourSeven,
    };
  }
  const weeklyHours: WeeklyHours = calendarRows[0]?.weeklyHours ?? defaultWeeklyHours;
  return {
    calendar: { timeZone: tenant.timeZone, weeklyHours, holidays: holidayRows.map((h) => h.date) },
    policies,
    custom: { policies: policyRows.length > 0, hours: calendarRows.length > 0 },
  };
}

export async function listHolidays(db: DbOrTx, { tenantId, from }: { tenantId: string; from?: string }) {
  const rows = await db.select().from(holidays).where(eq(holidays.tenantId, tenantId)).orderBy(asc(holidays.date));
  return from ? rows.filter((h) => h.date >= from) : rows;
}

export async function saveSlaPolicies(db: Db, actor: TenantActor, values: z.output<typeof slaPoliciesSchema>) {
  await db.transaction(async (tx) => {
    const before = await loadSlaSetup(tx, actor);
    const now = clock.now();
    for (const p of values.policies) {
      const row = {
        firstResponseMinutes: p.firstResponseMinutes,
        resolutionMinutes: p.resolutionMinutes,
        warnBeforeMinutes: p.warnBeforeMinutes,
        twentyFourSeven: p.twentyFourSeven,
        updatedAt: now,
      };
      await tx
        .insert(slaPolicies)
        .values({ tenantId: actor.tenantId, priority: p.priority, ...row })
        .onConflictDoUpdate({ target: [slaPolicies.tenantId, slaPolicies.priority], set: row });
    }
    const summary = (list: SlaPolicy[]) =>
      Object.fromEntries(
        list.map((p) => [
          p.priority,
          `${p.firstResponseMinutes}/${p.resolutionMinutes} min, warn ${p.warnBeforeMinutes}${p.twentyFourSeven ? ", 24/7" : ""}`,
        ]),
      );
    await recordAudit(tx, actor, {
      action: "sla.policies_updated",
      entityType: "sla_policy",
      entityId: actor.tenantId,
      before: summary(ticketPriorities.map((p) => before.policies[p])),
      after: summary(values.policies),
    });
  });
}

export async function saveBusinessHours(db: Db, actor: TenantActor, values: z.output<typeof businessHoursSchema>) {
  const weeklyHours = weeklyHoursOf(values);
  await db.transaction(async (tx) => {
    const before = await loadSlaSetup(tx, actor);
    await tx
      .insert(businessCalendars)
      .values({ tenantId: actor.tenantId, weeklyHours })
      .onConflictDoUpdate({ target: businessCalendars.tenantId, set: { weeklyHours, updatedAt: clock.now() } });
    const show = (w: WeeklyHours) => w.map((h) => (h ? `${h.open}–${h.close}` : "closed")).join(", ");
    await recordAudit(tx, actor, {
      action: "sla.hours_updated",
      entityType: "business_calendar",
      entityId: actor.tenantId,
      before: { hours: show(before.calendar.weeklyHours) },
      after: { hours: show(weeklyHours) },
    });
  });
}

export async function addHoliday(db: Db, actor: TenantActor, values: z.output<typeof holidaySchema>) {
  const taken = () => new AppError("conflict", "That date is already a holiday.", { fieldErrors: { date: ["Already a holiday"] } });
  return db
    .transaction(async (tx) => {
      const [row] = await tx
        .insert(holidays)
        .values({ tenantId: actor.tenantId, date: values.date, name: values.name })
        .onConflictDoNothing()
        .returning();
      if (!row) throw taken();
      await recordAudit(tx, actor, {
        action: "sla.holiday_added",
        entityType: "holiday",
        entityId: row.id,
        after: { date: row.date, name: row.name },
      });
      return row;
    })
    .catch((error: unknown) => {
      if (isUniqueViolation(error)) throw taken();
      throw error;
    });
}

export async function removeHoliday(db: Db, actor: TenantActor, { holidayId }: { holidayId: string }) {
  if (!isUuid(holidayId)) throw notFound("Holiday");
  await db.transaction(async (tx) => {
    const [row] = await tx
      .delete(holidays)
      .where(and(eq(holidays.tenantId, actor.tenantId), eq(holidays.id, holidayId)))
      .returning();
    if (!row) throw notFound("Holiday");
    await recordAudit(tx, actor, {
      action: "sla.holiday_removed",
      entityType: "holiday",
      entityId: row.id,
      before: { date: row.date, name: row.name },
    });
  });
}

/** Adds the year's Philippine regular holidays that are not there yet; returns how many were added. */
export async function addNationalHolidays(db: Db, actor: TenantActor, { year }: { year: number }) {
  const list = philippineRegularHolidays(year);
  return db.transaction(async (tx) => {
    const added = await tx
      .insert(holidays)
      .values(list.map((h) => ({ tenantId: actor.tenantId, ...h })))
      .onConflictDoNothing()
      .returning({ date: holidays.date });
    if (added.length > 0) {
      await recordAudit(tx, actor, {
        action: "sla.holidays_imported",
        entityType: "holiday",
        after: { year, dates: added.map((h) => h.date).sort() },
      });
    }
    return { added: added.length, alreadyThere: list.length - added.length };
  });
}
