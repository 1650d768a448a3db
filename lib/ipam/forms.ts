/* Form and action schemas of IP address management (zod): brought to the browser only through import(). */
import { z } from "zod";
import { parseAddress, parsePrefix, parseRange } from "./prefix";
import { prefixStatuses } from "./values";

const optionalId = z.preprocess((value) => (value === "" ? null : value), z.uuid().nullable().optional());

export const prefixFieldsSchema = z.object({
  prefix: z
    .string()
    .trim()
    .min(1, "Write the prefix, like 100.64.0.0/16.")
    .max(64)
    .superRefine((text, ctx) => {
      const parsed = parsePrefix(text);
      if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.error });
    }),
  status: z.enum(prefixStatuses, "Choose a status"),
  siteId: optionalId,
  vlan: z.string().trim().max(60, "At most 60 characters").default(""),
  description: z.string().trim().max(200, "At most 200 characters").default(""),
});
export type PrefixFields = z.output<typeof prefixFieldsSchema>;

export const poolFieldsSchema = z.object({
  prefixId: z.uuid("Choose the prefix it is in"),
  name: z
    .string()
    .trim()
    .min(1, "Name it as the routers and plans do, like pppoe-pool.")
    .max(64)
    .regex(/^[A-Za-z0-9._-]+$/, "Letters, digits, dot, dash and underscore only (a RouterOS pool name)."),
  range: z
    .string()
    .trim()
    .min(1, "Write the range, like 100.64.0.10-100.64.3.254.")
    .max(100)
    .superRefine((text, ctx) => {
      const parsed = parseRange(text);
      if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.error });
    }),
  quarantineDays: z.coerce.number().int("Whole days").min(0, "0 or more days").max(365, "At most 365 days").default(30),
  description: z.string().trim().max(200, "At most 200 characters").default(""),
});
export type PoolFields = z.output<typeof poolFieldsSchema>;

export const addressSchema = z
  .string()
  .trim()
  .max(64)
  .refine((text) => parseAddress(text) !== null, "Enter an IPv4 or IPv6 address.");

/** The search box: one address, and when (the ISP's wall clock) for who used it then. Anything else reads as no search. */
export const addressSearchSchema = z.object({
  address: addressSchema.optional().catch(undefined),
  at: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/)
    .optional()
    .catch(undefined),
});

export const prefixRefSchema = z.object({ prefixId: z.uuid() });

/** What can change on a recorded prefix: everything but the prefix itself (remove and add it again for that). */
export const prefixEditSchema = z.object({
  prefixId: z.uuid(),
  status: z.enum(prefixStatuses, "Choose a status"),
  siteId: optionalId,
  vlan: z.string().trim().max(60, "At most 60 characters").default(""),
  description: z.string().trim().max(200, "At most 200 characters").default(""),
});
export type PrefixEdit = z.output<typeof prefixEditSchema>;
export const poolRefSchema = z.object({ poolId: z.uuid() });
