/*
 * Form schemas shared by the billing forms (browser) and actions (server): amounts are typed in pesos
 * ("1,299.50") and parsed to centavos, refusing zero, negatives and more than two decimals.
 */
import { z } from "zod";
import { paymentMethods } from "@/lib/billing/schema";
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

export const paymentMethodLabels: Record<(typeof paymentMethods)[number], string> = {
  cash: "Cash",
  bank_transfer: "Bank transfer",
  gcash: "GCash",
  maya: "Maya",
  card: "Card",
  paypal: "PayPal",
  check: "Check",
  other: "Other",
};
