/*
 * Where an ISP stands with NetSphere's own billing, as pure rules (case table in standing.test.ts). The platform
 * tenant's invoices decide it: nothing overdue → trial or active; an invoice past its due date → past due (the
 * platform tenant's dunning reminds the ISP's owner by email); `READ_ONLY_AFTER_DAYS` after the due date →
 * read-only (the same day dunning's suspend step runs); suspended only when the operator suspends the ISP.
 */
import { addDays, daysInclusive, type CalendarDate } from "@/lib/core/calendar";
import type { PlatformStanding } from "@/lib/tenants/values";

/** Days a new ISP uses NetSphere before its first invoice; `NETSPHERE_TRIAL_DAYS` overrides it (lib/core/env.ts). */
export const DEFAULT_TRIAL_DAYS = 14;

/** Days a NetSphere invoice may stay unpaid after its due date before the ISP's account becomes read-only. */
export const READ_ONLY_AFTER_DAYS = 7;

/** Days overdue after which the operator's list offers to suspend the ISP (never done by itself). */
export const OPERATOR_SUSPEND_AFTER_DAYS = 30;

/** Days between a NetSphere invoice's issue and its due date. */
export const PLATFORM_PAYMENT_TERMS_DAYS = 7;

export type StandingFacts = {
  today: CalendarDate;
  /** The first day billed: the trial runs until the day before. */
  trialEndsOn: CalendarDate;
  /** The operator suspended the ISP (tenants.status). */
  tenantSuspended: boolean;
  /** The due date of the oldest NetSphere invoice still unpaid after it, if any. */
  oldestOverdueDueDate: CalendarDate | null;
  readOnlyAfterDays?: number;
};

export function standingOf({ today, trialEndsOn, tenantSuspended, oldestOverdueDueDate, readOnlyAfterDays = READ_ONLY_AFTER_DAYS }: StandingFacts): PlatformStanding {
  if (tenantSuspended) return "suspended";
  if (oldestOverdueDueDate !== null && oldestOverdueDueDate < today) {
    return today >= readOnlyFrom(oldestOverdueDueDate, readOnlyAfterDays) ? "read_only" : "past_due";
  }
  return today < trialEndsOn ? "trial" : "active";
}

/** The first read-only day of an invoice due on `dueDate` (billing's dunning suspends on the same day). */
export const readOnlyFrom = (dueDate: CalendarDate, readOnlyAfterDays = READ_ONLY_AFTER_DAYS) => addDays(dueDate, Math.max(1, readOnlyAfterDays));

/** Whole days an invoice due on `dueDate` is overdue on `today` (0 when not yet). */
export const daysOverdue = (dueDate: CalendarDate, today: CalendarDate) => (today > dueDate ? daysInclusive(dueDate, today) - 1 : 0);

/** Whether the operator's list offers to suspend an ISP overdue since `dueDate`. */
export const mayBeSuspended = (dueDate: CalendarDate | null, today: CalendarDate) =>
  dueDate !== null && daysOverdue(dueDate, today) >= OPERATOR_SUSPEND_AFTER_DAYS;

/** What every refused change says while an ISP is read-only. */
export const readOnlyMessage = (invoiceNumber: string | null) =>
  `Your NetSphere account is read-only until the invoice ${invoiceNumber ?? "that is overdue"} is paid. Pay it in Settings → NetSphere plan; everything else can still be viewed.`;

/** The first day billed after a trial of `trialDays` starting on `trialStart`. */
export const firstBilledDay = (trialStart: CalendarDate, trialDays: number): CalendarDate => addDays(trialStart, Math.max(0, trialDays));
