/** Field rules shared by the technician's forms and the actions that parse them. */
import { z } from "zod";

export const macAddressSchema = z
  .string()
  .trim()
  .transform((value) => value.toUpperCase().replace(/-/g, ":"))
  .refine(
    (value) => value === "" || /^([0-9A-F]{2}:){5}[0-9A-F]{2}$/.test(value),
    "Enter a MAC address like 4C:5E:0C:12:34:56, or leave it empty to unbind",
  );

export const servicePasswordSchema = z
  .string()
  .trim()
  .min(6, "At least 6 characters")
  .max(64, "At most 64 characters")
  .regex(/^[\x21-\x7e]+$/, "Letters, digits and symbols only, no spaces");

/** The technician's "reset password" dialog: empty generates one; the action checks a typed one with `servicePasswordSchema`. */
export const servicePasswordFormSchema = z.object({ password: z.string().trim().max(64, "At most 64 characters") });

export const macBindingFormSchema = z.object({ macAddress: macAddressSchema });
