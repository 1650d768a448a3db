/** Router enum values without Drizzle, for client components; schema.ts builds its columns from them and re-exports them. */
export const routerTransports = ["api", "rest"] as const;
export type RouterTransport = (typeof routerTransports)[number];
