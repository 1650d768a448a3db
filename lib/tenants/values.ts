/** Tenant settings' option lists without Drizzle or zod, for client components; rules.ts builds its schemas from them and re-exports them. */
export const currencies = ["PHP", "USD", "IDR", "MYR", "THB", "VND", "SGD"] as const;
