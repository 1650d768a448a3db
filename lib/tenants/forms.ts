/*
 * Form schemas of the operator's NetSphere billing forms, shared by the browser (loaded on demand) and the platform
 * actions. No database here.
 */
import { z } from "zod";
import { amountField } from "@/lib/billing/forms";
import { paymentMethods } from "@/lib/billing/values";

/** A payment an ISP made to NetSphere outside the online checkout, as the operator records it. */
export const netspherePaymentSchema = z.object({
  tenantId: z.uuid(),
  amount: amountField,
  method: z.enum(paymentMethods),
  reference: z.string().trim().max(100),
  receivedAt: z.union([z.literal(""), z.iso.date("Use a date like 2026-11-26")]),
  idempotencyKey: z.string().min(8).max(80),
});
export type NetspherePaymentFields = z.input<typeof netspherePaymentSchema>;

/** How ISPs pay by bank transfer: printed on every NetSphere invoice and shown on their plan page. */
export const bankDetailsSchema = z.object({ text: z.string().trim().max(1000, "At most 1,000 characters") });
export type BankDetailsFields = z.input<typeof bankDetailsSchema>;
