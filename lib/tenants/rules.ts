import { z } from "zod";
import { isTimeZone } from "@/lib/core/time-zones";
import { currencies } from "@/lib/tenants/values";

export { currencies } from "@/lib/tenants/values";

const trimmed = (label: string, max = 200) => z.string().trim().min(1, `${label} is required`).max(max, `${label} is too long`);

/** Philippine TIN: 9 digits plus an optional 3–5 digit branch code, dashes optional. */
export const tinSchema = z
  .string()
  .trim()
  .regex(/^\d{3}-?\d{3}-?\d{3}(-?\d{3,5})?$/, "Enter a TIN like 123-456-789-000");

export const businessDetailsSchema = z.object({
  name: trimmed("Business name", 120),
  legalName: trimmed("Legal name", 160),
  address: trimmed("Address", 300),
  tin: tinSchema,
  contactName: trimmed("Contact person", 120),
  contactPhone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{7,20}$/, "Enter a phone number like 0917 123 4567"),
});

export const signUpSchema = businessDetailsSchema.extend({
  email: z.string().trim().toLowerCase().email("Enter a valid email"),
  password: z.string().min(10, "Use at least 10 characters").max(128, "Use at most 128 characters"),
});
export type SignUpInput = z.infer<typeof signUpSchema>;

export const taxSettingsSchema = z.object({
  currency: z.enum(currencies),
  timezone: z.string().refine(isTimeZone, "Choose a valid time zone"),
  vatRatePercent: z.coerce.number().min(0, "VAT cannot be negative").max(50, "VAT above 50% is not valid"),
  taxInclusive: z.boolean(),
  invoicePrefix: z
    .string()
    .trim()
    .regex(/^[A-Z0-9-]{1,10}$/, "Use 1–10 capital letters, digits or dashes"),
  accountPrefix: z
    .string()
    .trim()
    .regex(/^[A-Z0-9-]{1,10}$/, "Use 1–10 capital letters, digits or dashes"),
});
export type TaxSettingsInput = z.input<typeof taxSettingsSchema>;

/** Account numbers are per tenant: prefix + zero-padded sequence, e.g. ACC-000042. */
export const formatAccountNumber = (prefix: string, seq: number) => `${prefix}-${String(seq).padStart(6, "0")}`;

/**
 * The share of capacity the capacity forecast plans to (Network → Analytics → Capacity): under half wastes links
 * that are far from full, over 100 % is past saturation.
 */
export const capacityThresholdSchema = z.object({
  percent: z.coerce.number({ error: "Enter a percentage" }).int("Use a whole percentage").min(50, "Use at least 50 %").max(100, "Use at most 100 %"),
});
export type CapacityThresholdFields = z.input<typeof capacityThresholdSchema>;
