import "@/lib/core/zod-browser";
import type { z } from "zod";
import type { FieldErrors } from "@/lib/core/errors";

/**
 * A form's values checked with its zod schema in the browser: the errors by field ("materials.0.item"), as a server
 * action returns them, or null when the values pass. Loaded on demand by useSchemaCheck, never with the page.
 */
export function fieldErrorsOf(schema: z.ZodType, values: unknown): FieldErrors | null {
  const result = schema.safeParse(values);
  if (result.success) return null;
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) (errors[issue.path.join(".")] ??= []).push(issue.message);
  return errors;
}
