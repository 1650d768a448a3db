/** Customer and lead enum values without Drizzle, for client components; schema.ts builds its columns from them and re-exports them. */
export const customerStatuses = ["lead", "active", "suspended", "terminated"] as const;
export type CustomerStatus = (typeof customerStatuses)[number];
export const leadStages = ["new", "contacted", "site_survey", "won", "lost"] as const;
export type LeadStage = (typeof leadStages)[number];
