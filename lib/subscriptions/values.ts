/** Subscription enum values without Drizzle, for client components; schema.ts builds its columns from them and re-exports them. */
export const subscriptionStatuses = ["pending", "active", "suspended", "terminated"] as const;
export type SubscriptionStatus = (typeof subscriptionStatuses)[number];
