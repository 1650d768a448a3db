/* Form and action schemas of IP address management (zod): brought to the browser only through import(). */
import { z } from "zod";
import { parseMoneyToCentavos } from "@/lib/core/money";
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

const poolRange = z
  .string()
  .trim()
  .min(1, "Write the range, like 100.64.0.10-100.64.3.254.")
  .max(100)
  .superRefine((text, ctx) => {
    const parsed = parseRange(text);
    if (!parsed.ok) ctx.addIssue({ code: "custom", message: parsed.error });
  });

/** A static address's monthly add-on fee in pesos ("500" or "1,250.50"); blank or zero: free. Stored as centavos. */
const monthlyFee = z
  .union([z.string(), z.number(), z.null()])
  .default("")
  .transform((value, ctx) => {
    const text = value === null ? "" : String(value).trim();
    if (text === "") return null;
    const centavos = parseMoneyToCentavos(text);
    if (centavos === null || centavos > 100_000_000) {
      ctx.addIssue({ code: "custom", message: "An amount like 500.00 (at most 1,000,000.00), or blank for free." });
      return z.NEVER;
    }
    return centavos === 0 ? null : centavos;
  });

/** What a pool's router, fee, quarantine and notes are, when it is added and when it is edited. */
const poolSettings = {
  range: poolRange,
  routerId: optionalId,
  monthlyFee,
  quarantineDays: z.coerce.number().int("Whole days").min(0, "0 or more days").max(365, "At most 365 days").default(30),
  description: z.string().trim().max(200, "At most 200 characters").default(""),
};

/** A pool's name, as the routers' `/ip/pool` and the plans know it. */
export const poolNameSchema = z
  .string()
  .trim()
  .min(1, "Name it as the routers and plans do, like pppoe-pool.")
  .max(64)
  .regex(/^[A-Za-z0-9._-]+$/, "Letters, digits, dot, dash and underscore only (a RouterOS pool name).");

export const poolFieldsSchema = z.object({
  prefixId: z.uuid("Choose the prefix it is in"),
  name: poolNameSchema,
  ...poolSettings,
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

/** What can change on a pool: everything but its prefix and name (the routers and plans know it by name). */
export const poolEditSchema = z.object({ poolId: z.uuid(), ...poolSettings });
export type PoolEdit = z.output<typeof poolEditSchema>;
