/*
 * Promo codes as staff read and edit them: the form's values from a stored code (the inverse of the
 * service's row mapping), what a code takes off, its validity window and whether it can be used today.
 */
import { formatMoney } from "@/lib/core/money";
import type { promoCodes } from "@/lib/billing/schema";
import type { PromoFields } from "@/lib/billing/forms";

type PromoRow = typeof promoCodes.$inferSelect;

export const emptyPromo: PromoFields = {
  code: "",
  description: "",
  kind: "percent",
  percent: "",
  amount: "",
  periods: 1,
  validFrom: "",
  validUntil: "",
  maxRedemptions: "",
  oncePerCustomer: true,
  planIds: [],
  active: true,
};

export function promoFieldsOf(promo: PromoRow): PromoFields {
  return {
    code: promo.code,
    description: promo.description,
    kind: promo.kind,
    percent: promo.percentBps === null ? "" : String(promo.percentBps / 100),
    amount: promo.amountCentavos === null ? "" : (promo.amountCentavos / 100).toFixed(2),
    periods: promo.periods,
    validFrom: promo.validFrom ?? "",
    validUntil: promo.validUntil ?? "",
    maxRedemptions: promo.maxRedemptions ?? "",
    oncePerCustomer: promo.oncePerCustomer,
    planIds: promo.planIds,
    active: promo.active,
  };
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "20% off", "₱200.00 off", "2 free months". */
export function promoDiscountText(promo: Pick<PromoRow, "kind" | "percentBps" | "amountCentavos" | "periods">, currency: string): string {
  if (promo.kind === "free_months") return plural(promo.periods, "free month", "free months");
  if (promo.kind === "percent") return `${(promo.percentBps ?? 0) / 100}% off`;
  return `${formatMoney(promo.amountCentavos ?? 0, currency)} off`;
}

export const periodsText = (periods: number) => plural(periods, "bill", "bills");

/** "Any time", "From 2026-12-01", "Until 2026-12-31", "2026-12-01 to 2026-12-31". */
export function validityText({ validFrom, validUntil }: Pick<PromoRow, "validFrom" | "validUntil">): string {
  if (validFrom && validUntil) return `${validFrom} to ${validUntil}`;
  if (validFrom) return `From ${validFrom}`;
  if (validUntil) return `Until ${validUntil}`;
  return "Any time";
}

export type PromoState = "active" | "off" | "scheduled" | "expired" | "used_up";

/** Whether a code can be redeemed on `today` as far as the code itself goes (the customer and plan aside). */
export function promoState(
  promo: Pick<PromoRow, "active" | "validFrom" | "validUntil" | "maxRedemptions" | "redemptions">,
  today: string,
): PromoState {
  if (!promo.active) return "off";
  if (promo.validUntil && today > promo.validUntil) return "expired";
  if (promo.maxRedemptions !== null && promo.redemptions >= promo.maxRedemptions) return "used_up";
  if (promo.validFrom && today < promo.validFrom) return "scheduled";
  return "active";
}
