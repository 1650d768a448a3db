/*
 * The invoice template form's schema, shared by the form (loaded in the browser on demand) and the action (on the
 * server); the checks it runs are in branding-checks.ts, which the form's live preview uses without zod.
 */
import { z } from "zod";
import { brandColorProblem, logoProblem, TEMPLATE_TEXT_MAX } from "./branding-checks";

export { brandColorProblem, LOGO_MAX_BYTES, logoProblem, logoTooLarge, MIN_BRAND_CONTRAST, TEMPLATE_TEXT_MAX } from "./branding-checks";

export const invoiceTemplateSchema = z.object({
  logoDataUrl: z
    .string()
    .nullable()
    .superRefine((value, ctx) => {
      const problem = value === null ? null : logoProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  brandColor: z
    .string()
    .trim()
    .superRefine((value, ctx) => {
      const problem = brandColorProblem(value);
      if (problem) ctx.addIssue({ code: "custom", message: problem });
    }),
  invoiceNotes: z.string().trim().max(TEMPLATE_TEXT_MAX, "Use at most 1,000 characters"),
  invoiceFooter: z.string().trim().max(TEMPLATE_TEXT_MAX, "Use at most 1,000 characters"),
});

export type InvoiceTemplateInput = z.input<typeof invoiceTemplateSchema>;
export type InvoiceTemplate = z.output<typeof invoiceTemplateSchema>;
