/** Data-cap (fair-use) enum values without Drizzle, for client components; schema.ts builds its columns from them. */

/** Which traffic counts against a plan's quota, from the subscriber's side. */
export const quotaDirections = ["total", "download", "upload"] as const;
export type QuotaDirection = (typeof quotaDirections)[number];

/**
 * What happens when a subscriber reaches the cap: throttle to the plan's named rate, move to a router profile the ISP
 * made, block everything but the portal (the isolation used for non-payment), or only tell them.
 */
export const quotaActions = ["throttle", "profile", "block", "notify"] as const;
export type QuotaAction = (typeof quotaActions)[number];

export const quotaActionLabels: Record<QuotaAction, string> = {
  throttle: "Slow down to a set speed",
  profile: "Move to another router profile",
  block: "Block all but the portal",
  notify: "Only notify the subscriber",
};

export const topUpStatuses = ["pending_payment", "granted", "cancelled"] as const;
export type TopUpStatus = (typeof topUpStatuses)[number];
export const topUpSources = ["portal", "staff"] as const;
