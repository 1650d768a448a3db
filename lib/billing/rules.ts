/*
 * Pure billing rules: promo code eligibility and discounts, late fees, dunning dates. No database here;
 * the services feed these the rows they read, and the case tables in rules.test.ts pin them down.
 */
import { applyTax, divideRounded, percentOf } from "./money";
import { addDays, daysInclusive, type CalendarDate } from "@/lib/core/calendar";

export type PromoCode = {
  code: string;
  kind: "percent" | "fixed" | "free_months";
  percentBps: number | null;
  amountCentavos: number | null;
  periods: number;
  validFrom: CalendarDate | null;
  validUntil: CalendarDate | null;
  maxRedemptions: number | null;
  redemptions: number;
  oncePerCustomer: boolean;
  planIds: string[];
  active: boolean;
};

export type PromoCheck = { ok: true } | { ok: false; reason: string };

/** Whether a code may be redeemed today by this customer for this plan; the reason is what staff see. */
export function checkPromo(
  promo: PromoCode,
  { today, planId, customerRedemptions }: { today: CalendarDate; planId: string | null; customerRedemptions: number },
): PromoCheck {
  if (!promo.active) return { ok: false, reason: `${promo.code} is turned off.` };
  if (promo.validFrom && today < promo.validFrom) return { ok: false, reason: `${promo.code} is valid from ${promo.validFrom}.` };
  if (promo.validUntil && today > promo.validUntil) return { ok: false, reason: `${promo.code} expired on ${promo.validUntil}.` };
  if (promo.maxRedemptions !== null && promo.redemptions >= promo.maxRedemptions) {
    return { ok: false, reason: `${promo.code} has been used the most times allowed (${promo.maxRedemptions}).` };
  }
  if (promo.oncePerCustomer && customerRedemptions > 0) return { ok: false, reason: `This customer has already used ${promo.code}.` };
  if (promo.planIds.length > 0 && (planId === null || !promo.planIds.includes(planId))) {
    return { ok: false, reason: `${promo.code} does not apply to this plan.` };
  }
  return { ok: true };
}

/** The discount (a positive number of centavos) a promo takes off one charge; never more than the charge. */
export function promoDiscount(promo: Pick<PromoCode, "kind" | "percentBps" | "amountCentavos">, chargeCentavos: number): number {
  if (chargeCentavos <= 0) return 0;
  const raw =
    promo.kind === "free_months"
      ? chargeCentavos
      : promo.kind === "percent"
        ? percentOf(chargeCentavos, promo.percentBps ?? 0)
        : (promo.amountCentavos ?? 0);
  return Math.min(raw, chargeCentavos);
}

export type LateFeePolicy = {
  mode: "none" | "fixed" | "percent";
  fixedCentavos: number;
  bps: number;
  capCentavos: number | null;
  graceDays: number;
  recurrence: "once" | "monthly";
};

/**
 * How many late fees an invoice should carry on `today`: none within the grace days after the due date,
 * then one; with monthly recurrence one more for each further 30 days overdue.
 */
export function lateFeesDue(policy: LateFeePolicy, { dueDate, today }: { dueDate: CalendarDate; today: CalendarDate }): number {
  if (policy.mode === "none") return 0;
  const firstFeeDay = addDays(dueDate, policy.graceDays + 1);
  if (today < firstFeeDay) return 0;
  if (policy.recurrence === "once") return 1;
  return 1 + Math.floor((daysInclusive(firstFeeDay, today) - 1) / 30);
}

/** How a late-fee line is taxed: the tenant's VAT rate and pricing, or none for a VAT-exempt customer. */
export type LateFeeTax = { rateBps: number; inclusive: boolean; exempt: boolean };

const NO_VAT: LateFeeTax = { rateBps: 0, inclusive: true, exempt: true };

/** What the customer pays for a fee line priced at `amount` (VAT added on VAT-exclusive tenants). */
const feeTotal = (amount: number, tax: LateFeeTax) =>
  applyTax({ amount, rateBps: tax.rateBps, inclusive: tax.inclusive, exempt: tax.exempt }).totalCentavos;

/** The largest priced amount whose total with VAT stays within `room`. */
function largestWithin(room: number, tax: LateFeeTax): number {
  if (room <= 0) return 0;
  if (tax.exempt || tax.inclusive || tax.rateBps === 0) return room;
  let amount = divideRounded(BigInt(room) * 10_000n, 10_000 + tax.rateBps);
  while (amount > 0 && feeTotal(amount, tax) > room) amount -= 1;
  while (feeTotal(amount + 1, tax) <= room) amount += 1;
  return amount;
}

/**
 * One late fee on an invoice whose unpaid amount is `outstanding`, as the line's priced amount (net of VAT on a
 * VAT-exclusive tenant). The cap is what the customer pays: all fees together, VAT included (`feesSoFar` is
 * the VAT-inclusive total of the fees already charged), stay within it.
 */
export function lateFeeAmount(
  policy: LateFeePolicy,
  { outstanding, feesSoFar, tax = NO_VAT }: { outstanding: number; feesSoFar: number; tax?: LateFeeTax },
): number {
  if (policy.mode === "none" || outstanding <= 0) return 0;
  const fee = Math.max(0, policy.mode === "fixed" ? policy.fixedCentavos : percentOf(outstanding, policy.bps));
  if (policy.capCentavos === null) return fee;
  const room = policy.capCentavos - feesSoFar;
  return feeTotal(fee, tax) <= room ? fee : largestWithin(room, tax);
}

export type DunningPolicy = { reminderDaysBefore: number; reminderDaysAfter: number; suspendAfterDays: number };

/** The dunning steps due for an open invoice on `today`, each named by the key that makes it happen once. */
export function dunningSteps(policy: DunningPolicy, { dueDate, today }: { dueDate: CalendarDate; today: CalendarDate }) {
  const steps: Array<"reminder_before" | "reminder_due" | "reminder_after" | "suspend"> = [];
  if (policy.reminderDaysBefore > 0 && today >= addDays(dueDate, -policy.reminderDaysBefore) && today < dueDate) steps.push("reminder_before");
  if (today === dueDate) steps.push("reminder_due");
  if (
    policy.reminderDaysAfter > 0 &&
    today >= addDays(dueDate, policy.reminderDaysAfter) &&
    today < addDays(dueDate, Math.max(policy.suspendAfterDays, policy.reminderDaysAfter + 1))
  )
    steps.push("reminder_after");
  if (today >= addDays(dueDate, Math.max(1, policy.suspendAfterDays))) steps.push("suspend");
  return steps;
}
