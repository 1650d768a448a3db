/* The topology's form and action schemas (zod): brought to the browser only through import(). */
import { z } from "zod";
import { linkMedia } from "./values";

const interfaceName = z
  .string()
  .trim()
  .max(64, "At most 64 characters")
  .regex(/^[^,\s]*$/, "One interface name, without spaces or commas")
  .default("");

/** A link drawn by hand: two routers, their ports when known, the medium and its capacity. */
export const linkFieldsSchema = z
  .object({
    aRouterId: z.uuid("Choose a router"),
    aInterface: interfaceName,
    bRouterId: z.uuid("Choose a router"),
    bInterface: interfaceName,
    medium: z.enum(linkMedia, "Choose a medium"),
    capacityMbps: z
      .union([z.literal(""), z.coerce.number().int("Whole megabits per second").min(1, "At least 1 Mbps").max(10_000_000, "At most 10,000,000 Mbps")])
      .transform((value) => (value === "" ? null : value))
      .default(null),
    label: z.string().trim().max(80, "At most 80 characters").default(""),
  })
  .refine((link) => link.aRouterId !== link.bRouterId, { message: "A link joins two different routers", path: ["bRouterId"] });

export type LinkFields = z.output<typeof linkFieldsSchema>;

export const saveLinkSchema = z.object({ linkId: z.uuid().optional(), link: linkFieldsSchema });

/** Where a router was dropped on the drawing, in the drawing's own units. */
export const positionSchema = z.object({
  routerId: z.uuid(),
  x: z.number().finite().min(-10_000).max(10_000),
  y: z.number().finite().min(-10_000).max(10_000),
});
