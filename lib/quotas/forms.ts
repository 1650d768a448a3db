/* Form and action schemas of data caps (zod): top-up packs and top-ups. Brought to the browser only through import(). */
import { z } from "zod";
import { parseMoneyToCentavos } from "@/lib/core/money";

const gigabytes = z.coerce
  .number({ message: "Enter a number of GB, like 10" })
  .positive("More than 0 GB")
  .max(100_000, "At most 100,000 GB");

/** A pack for sale: its name, size in decimal GB and price in pesos (stored as bytes and centavos by savePack). */
export const packFieldsSchema = z.object({
  /** Blank for a new pack. */
  packId: z.union([z.literal("").transform(() => undefined), z.uuid("Unknown pack")]).optional(),
  name: z.string().trim().min(1, "Give the pack a name, like 10 GB add-on").max(80, "At most 80 characters"),
  gigabytes,
  price: z
    .union([z.string(), z.number()])
    .transform((value, ctx) => {
      const centavos = parseMoneyToCentavos(String(value));
      if (centavos === null) {
        ctx.addIssue({ code: "custom", message: "Enter a price like 99.00 (0 for free)" });
        return z.NEVER;
      }
      return centavos;
    }),
  active: z.boolean().default(true),
});
export type PackFormValues = z.input<typeof packFieldsSchema>;

export const packRefSchema = z.object({ packId: z.uuid("Unknown pack") });

/** Staff give extra data for this cycle at no charge. */
export const giveTopUpSchema = z.object({
  subscriptionId: z.uuid("Unknown subscription"),
  gigabytes,
  reason: z.string().trim().min(1, "Say why (the customer's history keeps it)").max(200, "At most 200 characters"),
});
export type GiveTopUpValues = z.input<typeof giveTopUpSchema>;

/** A pack sold for a subscription's current cycle (by staff, or by the subscriber in the portal). */
export const sellTopUpSchema = z.object({
  subscriptionId: z.uuid("Unknown subscription"),
  packId: z.uuid("Choose a pack"),
});
export type SellTopUpValues = z.input<typeof sellTopUpSchema>;

/** The portal's purchase: "true" = pay online now, the data is added once paid; else it goes on the bill. */
export const portalTopUpSchema = sellTopUpSchema.extend({ payNow: z.enum(["true", "false"]).default("false") });
