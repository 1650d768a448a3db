/**
 * What a work-log entry must satisfy, shared by the phone's form (local times as typed) and the sync route
 * (instants as sent): the same fields, limits and messages on both sides.
 */
import { z } from "zod";

type Times = { arrivedAt: string | null; departedAt: string | null };
type Content = Times & { notes: string; materials: unknown[] };

const fields = {
  notes: z.string().trim().max(5000, "At most 5,000 characters"),
  item: z.string().trim().min(1, "Name the material").max(120, "At most 120 characters"),
  quantity: z.number({ message: "Enter a quantity" }).positive("More than zero").max(100_000, "That is too many"),
  unit: z.string().trim().max(20, "At most 20 characters"),
};

/** The two checks across fields, added to an object schema of either side. */
export function withWorkLogChecks<S extends z.ZodType<Content>>(schema: S) {
  return schema
    .refine((v) => !v.arrivedAt || !v.departedAt || new Date(v.departedAt) >= new Date(v.arrivedAt), {
      path: ["departedAt"],
      message: "Departure must be after arrival",
    })
    .refine((v) => v.arrivedAt || v.departedAt || v.notes || v.materials.length > 0, {
      path: ["notes"],
      message: "Write what was done, or record a time or material",
    });
}

/** `datetime-local` values are the phone's local time; the form turns them into instants before queueing. */
const localTime = z.string().refine((v) => v === "" || !Number.isNaN(new Date(v).getTime()), "Enter a date and time");

/** The entry as the phone's form holds it: local times and quantities as typed. */
export const workLogFormSchema = withWorkLogChecks(
  z.object({
    arrivedAt: localTime,
    departedAt: localTime,
    notes: fields.notes,
    materials: z
      .array(
        z.object({
          item: fields.item,
          quantity: z.coerce.number<string>({ message: "Enter a quantity" }).pipe(fields.quantity),
          unit: fields.unit,
        }),
      )
      .max(50, "At most 50 materials"),
  }),
);

const instant = z.iso.datetime({ offset: true, message: "Enter a date and time" });

export const materialSchema = z.object({ item: fields.item, quantity: fields.quantity, unit: fields.unit.optional() });

/** The entry as the phone sends it. */
export const workLogInputSchema = withWorkLogChecks(
  z.object({
    clientId: z.uuid("Not a valid entry id"),
    ticketId: z.uuid("Not a valid ticket id"),
    arrivedAt: instant.nullable(),
    departedAt: instant.nullable(),
    notes: fields.notes,
    materials: z.array(materialSchema).max(50, "At most 50 materials"),
    recordedAt: instant,
  }),
);
export type WorkLogInput = z.infer<typeof workLogInputSchema>;
