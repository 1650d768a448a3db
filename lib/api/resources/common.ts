/* Schemas every resource shares: ids, times, money, pages. */
import { z } from "zod";
import { pageQuery } from "@/lib/core/cursor";

export const idParam = z.object({ id: z.uuid("Not a valid id.").describe("The object's id (a UUID).") });

export const isoTime = z.string().describe("ISO 8601 time in UTC, e.g. 2026-12-07T05:14:00.000Z");
export const calendarDate = z.string().describe("Calendar date, YYYY-MM-DD, in the ISP's time zone");
export const centavos = z.int().describe("Money in integer minor units (centavos for PHP)");
export const currencyCode = z.string().describe("ISO 4217 currency code, e.g. PHP");

export const iso = (value: Date | null | undefined): string | null => (value ? value.toISOString() : null);

export const listQuery = z.object(pageQuery);

/** A page of a list: the items and the cursor of the next page (null on the last). */
export const pageSchema = <T extends z.ZodType>(item: T, id: string) =>
  z.object({ data: z.array(item), nextCursor: z.string().nullable().describe("Pass as `cursor` for the next page; null on the last page.") }).meta({ id });

/**
 * The PATCH form of a create schema: every field optional and no defaults, so a field left out keeps its value
 * instead of being reset to the create form's default.
 */
export function patchOf<S extends z.ZodRawShape>(schema: z.ZodObject<S>) {
  const shape = Object.fromEntries(
    Object.entries(schema.shape).map(([key, field]) => {
      const inner = field instanceof z.ZodDefault ? (field.unwrap() as z.ZodType) : (field as z.ZodType);
      return [key, inner.optional()];
    }),
  );
  return z.object(shape) as unknown as z.ZodObject<{ [K in keyof S]: z.ZodOptional<z.ZodType<z.output<S[K]>, z.input<S[K]>>> }>;
}
