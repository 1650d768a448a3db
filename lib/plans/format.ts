import type { ServicePlan } from "@/lib/plans/schema";
import type { PlanFormValues } from "@/lib/plans/rules";

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
    billingCycle: plan.billingCycle,
    active: plan.active,
  };
}

export const planTypeLabels = { pppoe: "PPPoE", hotspot: "Hotspot", static: "Static IP" } as const;
