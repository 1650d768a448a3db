/**
 * Customer and lead enum values, their labels and the tag rule, without Drizzle or zod, for client components;
 * schema.ts builds its columns from them and rules.ts re-exports them.
 */
export const customerStatuses = ["lead", "active", "suspended", "terminated"] as const;
export type CustomerStatus = (typeof customerStatuses)[number];
export const leadStages = ["new", "contacted", "site_survey", "won", "lost"] as const;
export type LeadStage = (typeof leadStages)[number];

/*
 * "Lead" means one thing in NetSphere: an entry in the sales pipeline (the Leads page). A customer record that has
 * no service yet (status `lead` in the database) is a prospect, so the two are never counted under one word.
 */
export const customerStatusLabels: Record<CustomerStatus, string> = {
  lead: "Prospect",
  active: "Active",
  suspended: "Suspended",
  terminated: "Terminated",
};

/** A tag as stored: trimmed and lower case, then checked against `tagPattern`. */
export const normalizeTag = (text: string) => text.trim().toLowerCase();
export const tagPattern = /^[a-z0-9][a-z0-9 _-]{0,29}$/;
export const tagRule = "Tags use letters, digits, spaces, - or _ (max 30)";
