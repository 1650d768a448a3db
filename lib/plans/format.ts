import type { ServicePlan } from "@/lib/plans/schema";
import { formatMoney } from "@/lib/core/money";
import type { PlanFormValues } from "@/lib/plans/rules";
import { describeRate, formatQuotaBytes, GB } from "@/lib/quotas/rules";

const mbps = (kbps: number | null) => (kbps == null ? "" : String(kbps / 1000));

/** A stored plan as the form edits it (kbps → Mbps, centavos → pesos). */
export function planToFormValues(plan: ServicePlan): PlanFormValues {
  return {
    name: plan.name,
    type: plan.type,
    downloadMbps: plan.downloadKbps / 1000,
    uploadMbps: plan.uploadKbps / 1000,
    burstDownloadMbps: mbps(plan.burstDownloadKbps),
    burstUploadMbps: mbps(plan.burstUploadKbps),
    burstThresholdDownloadMbps: mbps(plan.burstThresholdDownloadKbps),
    burstThresholdUploadMbps: mbps(plan.burstThresholdUploadKbps),
    burstTimeSeconds: plan.burstTimeSeconds == null ? "" : plan.burstTimeSeconds,
    price: (plan.priceCentavos / 100).toFixed(2),
    taxInclusive: plan.taxInclusive,
    taxClassId: plan.taxClassId ?? "",
    billingCycle: plan.billingCycle,
    active: plan.active,
    quotaGb: plan.quotaBytes == null ? "" : String(plan.quotaBytes / GB),
    quotaDirection: plan.quotaDirection,
    quotaAction: plan.quotaAction,
    quotaThrottleRate: plan.quotaThrottleRate ?? "",
    quotaProfile: plan.quotaProfile ?? "",
  };
}

type CapFields = Pick<ServicePlan, "quotaBytes" | "quotaDirection" | "quotaAction" | "quotaThrottleRate" | "quotaProfile">;

/** What happens at a plan's cap, in a few words: "then 2 Mbps", "then blocked". */
export function capOutcome(plan: Pick<CapFields, "quotaAction" | "quotaThrottleRate" | "quotaProfile">): string {
  switch (plan.quotaAction) {
    case "throttle":
      return `then ${describeRate(plan.quotaThrottleRate)}`;
    case "profile":
      return `then profile ${plan.quotaProfile ?? "(not set)"}`;
    case "block":
      return "then blocked but the portal";
    case "notify":
      return "notice only";
  }
}

/** A plan's data cap as the plan list shows it: "100 GB/cycle, then 2 Mbps", "50 GB download/cycle, notice only", "Unlimited". */
export function planCapLabel(plan: CapFields): string {
  if (plan.quotaBytes == null) return "Unlimited";
  const counts = plan.quotaDirection === "total" ? "" : ` ${plan.quotaDirection}`;
  return `${formatQuotaBytes(plan.quotaBytes)}${counts}/cycle, ${capOutcome(plan)}`;
}

export const planTypeLabels = { pppoe: "PPPoE", hotspot: "Hotspot", static: "Static IP" } as const;

const cycleSuffix = { monthly: "/mo", quarterly: "/qtr", semiannual: "/6 mo", annual: "/yr" } as const;

/**
 * A plan's price with what it pays for: "₱1,299.00/mo", "₱3,600.00/qtr"; a hotspot plan's price is what one
 * pass costs (its vouchers carry their own validity), so "₱20.00 per pass", never "/mo".
 */
export function planPriceLabel(plan: Pick<ServicePlan, "type" | "priceCentavos" | "billingCycle">, currency?: string): string {
  const price = formatMoney(plan.priceCentavos, currency);
  return plan.type === "hotspot" ? `${price} per pass` : `${price}${cycleSuffix[plan.billingCycle]}`;
}

/** How a plan reads in a picker: "Fiber 50 · PPPoE · ₱1,299.00/mo", so a hotspot pass is never picked by mistake. */
export function planOptionLabel(plan: Pick<ServicePlan, "name" | "type" | "priceCentavos" | "billingCycle">): string {
  return `${plan.name} · ${planTypeLabels[plan.type]} · ${planPriceLabel(plan)}`;
}

/** Subscription pickers list PPPoE plans first (what most subscribers get), then by price. */
export function sortPlansForPicker<T extends Pick<ServicePlan, "type" | "priceCentavos" | "name">>(plans: T[]): T[] {
  const rank = { pppoe: 0, static: 1, hotspot: 2 } as const;
  return [...plans].sort((a, b) => rank[a.type] - rank[b.type] || a.priceCentavos - b.priceCentavos || a.name.localeCompare(b.name));
}
