import type { DesiredPlan } from "@/lib/provisioning/desired";

/** A 50/25 Mbps PPPoE plan with no burst, no pool, one session: what a provisioning test changes one field of. */
export const plainPlan = {
  queueMode: "profile",
  addressPool: null,
  sharedUsers: 1,
  downloadKbps: 50_000,
  uploadKbps: 25_000,
  burstDownloadKbps: null,
  burstUploadKbps: null,
  burstThresholdDownloadKbps: null,
  burstThresholdUploadKbps: null,
  burstTimeSeconds: null,
  quotaThrottleRate: null,
  quotaProfile: null,
} as const satisfies Partial<DesiredPlan>;
