/*
 * Form schemas shared by the billing forms (browser) and actions (server): payments, billing settings, tax
 * classes and exemptions, promo codes. Amounts are typed in pesos ("1,299.50") and parsed to centavos, refusing
 * zero, negatives and more than two decimals. No database here; client components load it on demand
 * (useActionForm's `loadSchema`) and take labels from values.ts, so zod stays out of their first load.
 */
import { z } from "zod";
import { parseMoneyToCentavos } from "@/lib/core/money";
import { paymentMethodLabels, paymentMethods } from "@/lib/billing/values";
import { parsePositiveAmount } from "./money";

export const amountField = z.string().transform((text, ctx) => {
  const parsed = parsePositiveAmount(text);
  if (!parsed.ok) {
    ctx.addIssue({ code: "custom", message: parsed.message });
    return z.NEVER;
  }
  return parsed.centavos;
});

export const paymentFieldsSchema = z.object({
  customerId: z.uuid(),
  invoiceId: z.union([z.literal(""), z.uuid()]),
  amount: amountField,
  method: z.enum(paymentMethods),
  reference: z.string().trim().max(100),
  receivedAt: z.union([z.literal(""), z.iso.date("Use a date like 2026-11-26")]),
  notes: z.string().trim().max(500),
  idempotencyKey: z.string().min(8).max(80),
});
export type PaymentFields = z.input<typeof paymentFieldsSchema>;

export { paymentMethodLabels };

const wholeDays = (max: number) => z.coerce.number("Whole days").int("Whole days").min(0, "Not negative").max(max, `At most ${max}`);
const prefix = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2,6}$/, "2–6 letters");
const pesos = (message: string) =>
  z
    .string()
    .trim()
    .refine((v) => v === "" || parseMoneyToCentavos(v) !== null, message);

export const billingSettingsSchema = z
  .object({
    billingAnchor: z.enum(["anniversary", "billing_day"]),
    billingDay: z.coerce.number("1 to 28").int("1 to 28").min(1, "1 to 28").max(28, "1 to 28 (every month has it)"),
    billingMode: z.enum(["prepaid", "postpaid"]),
    paymentTermsDays: wholeDays(60),
    reminderDaysBefore: wholeDays(30),
    reminderDaysAfter: wholeDays(30),
    suspendAfterDays: z.coerce.number("Whole days").int("Whole days").min(1, "At least 1").max(90, "At most 90"),
    lateFeeMode: z.enum(["none", "fixed", "percent"]),
    lateFeeFixed: pesos("An amount like 100 or 50.00"),
    lateFeePercent: z
      .string()
      .trim()
      .refine((v) => v === "" || (/^\d{1,2}(\.\d{1,2})?$/.test(v) && Number(v) > 0 && Number(v) <= 25), "0.01 to 25 percent"),
    // A cap of 0 would silently cancel every fee while the form shows "no cap": refuse it.
    lateFeeCap: z
      .string()
      .trim()
      .refine((v) => v === "" || (parseMoneyToCentavos(v) ?? 0) > 0, "An amount above zero, or empty for no cap"),
    lateFeeGraceDays: wholeDays(60),
    lateFeeRecurrence: z.enum(["once", "monthly"]),
    invoicePrefix: prefix,
    receiptPrefix: prefix,
    creditNotePrefix: prefix,
  })
  .superRefine((v, ctx) => {
    if (v.lateFeeMode === "fixed" && !parseMoneyToCentavos(v.lateFeeFixed))
      ctx.addIssue({ code: "custom", path: ["lateFeeFixed"], message: "Enter the fee" });
    if (v.lateFeeMode === "percent" && !v.lateFeePercent) ctx.addIssue({ code: "custom", path: ["lateFeePercent"], message: "Enter the percentage" });
    // The error goes on the field that repeats an earlier one, so it sits next to the clash.
    const clash =
      v.receiptPrefix === v.invoicePrefix
        ? "receiptPrefix"
        : v.creditNotePrefix === v.invoicePrefix || v.creditNotePrefix === v.receiptPrefix
          ? "creditNotePrefix"
          : null;
    if (clash) ctx.addIssue({ code: "custom", path: [clash], message: "Invoices, receipts and credit notes need different prefixes" });
  });
export type BillingSettingsValues = z.input<typeof billingSettingsSchema>;

export const taxClassSchema = z.object({
  name: z.string().trim().min(2, "Name it").max(60),
  ratePercent: z
    .string()
    .trim()
    .refine((v) => /^\d{1,2}(\.\d{1,2})?$/.test(v) && Number(v) <= 50, "0 to 50 percent"),
  exempt: z.boolean(),
});

export const taxExemptionSchema = z
  .object({ customerId: z.uuid(), taxExempt: z.boolean(), reason: z.string().trim().max(200) })
  .refine((v) => !v.taxExempt || v.reason.length >= 3, { path: ["reason"], message: "Give the reason (e.g. the exemption certificate)" });

const optionalDate = z.union([z.literal(""), z.iso.date("Use a date like 2026-12-31")]);

export const promoFieldsSchema = z
  .object({
    code: z
      .string()
      .trim()
      .toUpperCase()
      .regex(/^[A-Z0-9-]{3,20}$/, "3–20 letters, digits or dashes"),
    description: z.string().trim().max(200),
    kind: z.enum(["percent", "fixed", "free_months"]),
    percent: z.string().trim(),
    amount: z.string().trim(),
    periods: z.coerce.number("Whole months").int("Whole months").min(1, "At least 1").max(24, "At most 24"),
    validFrom: optionalDate,
    validUntil: optionalDate,
    maxRedemptions: z.union([z.literal(""), z.coerce.number().int("A whole number").min(1, "At least 1")], "A whole number, or empty for no limit"),
    oncePerCustomer: z.boolean(),
    planIds: z.array(z.uuid()).max(50),
    active: z.boolean(),
  })
  .superRefine((v, ctx) => {
    if (v.kind === "percent") {
      const n = Number(v.percent);
      if (!/^\d{1,3}(\.\d{1,2})?$/.test(v.percent) || n <= 0 || n > 100)
        ctx.addIssue({ code: "custom", path: ["percent"], message: "A percentage from 0.01 to 100" });
    }
    if (v.kind === "fixed") {
      const centavos = parseMoneyToCentavos(v.amount);
      if (centavos === null || centavos <= 0) ctx.addIssue({ code: "custom", path: ["amount"], message: "An amount like 200 or 199.50" });
    }
    if (v.validFrom && v.validUntil && v.validUntil < v.validFrom)
      ctx.addIssue({ code: "custom", path: ["validUntil"], message: "Ends before it starts" });
  });
export type PromoFields = z.input<typeof promoFieldsSchema>;

/** The staff's reason for a money action (void, credit note, refund, waive a late fee), and its amount when it takes one. */
export const reasonSchema = z.object({ reason: z.string().trim().min(3, "Give a reason").max(300) });
export const reasonWithAmountSchema = reasonSchema.extend({ amount: amountField });

/** A one-time invoice: up to 20 lines typed in pesos. */
export const manualInvoiceSchema = z.object({
  customerId: z.uuid(),
  lines: z
    .array(z.object({ description: z.string().trim().min(2, "Describe the charge").max(200), amount: amountField }))
    .min(1)
    .max(20),
  dueDate: z.union([z.literal(""), z.iso.date()]),
  notes: z.string().trim().max(500),
});

export const changePlanSchema = z.object({ subscriptionId: z.uuid(), planId: z.uuid("Choose a plan") });

/** The code as the redeem action reads it; which subscription or invoice comes from the form's props. */
export const promoCodeSchema = z.object({ code: z.string().trim().min(1, "Enter the code").max(20, "At most 20 characters") });
