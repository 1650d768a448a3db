/** Staff enum values and limits without Drizzle or zod, for client components; schema.ts builds its columns from them and re-exports them. */
export const staffRoles = ["owner", "admin", "billing", "support", "technician"] as const;
export type StaffRole = (typeof staffRoles)[number];

export const INVITATION_TTL_DAYS = 7;
export const MIN_PASSWORD_LENGTH = 10;
