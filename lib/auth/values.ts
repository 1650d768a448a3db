/** Staff enum values without Drizzle, for client components; schema.ts builds its columns from them and re-exports them. */
export const staffRoles = ["owner", "admin", "billing", "support", "technician"] as const;
export type StaffRole = (typeof staffRoles)[number];
