/** Billing enum values without Drizzle, for client components; schema.ts builds its columns from them and re-exports them. */
export const paymentMethods = ["cash", "bank_transfer", "gcash", "maya", "card", "paypal", "check", "other"] as const;
export type PaymentMethod = (typeof paymentMethods)[number];
