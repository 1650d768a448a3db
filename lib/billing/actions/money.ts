"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { amountField, paymentFieldsSchema } from "@/lib/billing/forms";
import { recordPayment, refundPayment } from "@/lib/billing/payments";
import { createManualInvoice, issueCreditNote, voidInvoice } from "@/lib/billing/invoices";
import { waiveLateFee } from "@/lib/billing/dunning";
import { changePlan } from "@/lib/billing/plan-change";
import { terminateSubscription } from "@/lib/billing/termination";

const billingPaths = ["/billing", "/customers", "/finance"];

/** Manual payment by billing staff; the form's idempotency key makes a double click one payment. */
export const recordPaymentAction = defineStaffAction({
  name: "recordPayment",
  permission: "payments:record",
  input: paymentFieldsSchema,
  revalidate: billingPaths,
  run: async (ctx, input) =>
    recordPayment(ctx.db, actorOf(ctx), {
      customerId: input.customerId,
      invoiceId: input.invoiceId || undefined,
      amountCentavos: input.amount,
      method: input.method,
      reference: input.reference,
      notes: input.notes,
      receivedOn: input.receivedAt || undefined,
      idempotencyKey: input.idempotencyKey,
    }),
});

export const refundPaymentAction = defineStaffAction({
  name: "refundPayment",
  permission: "payments:refund",
  input: z.object({ paymentId: z.uuid(), amount: amountField, reason: z.string().trim().min(3, "Give a reason").max(300) }),
  revalidate: billingPaths,
  run: async (ctx, input) => refundPayment(ctx.db, actorOf(ctx), { paymentId: input.paymentId, amountCentavos: input.amount, reason: input.reason }),
});

export const voidInvoiceAction = defineStaffAction({
  name: "voidInvoice",
  permission: "billing:write",
  input: z.object({ invoiceId: z.uuid(), reason: z.string().trim().min(3, "Give a reason").max(300) }),
  revalidate: billingPaths,
  run: async (ctx, input) => voidInvoice(ctx.db, actorOf(ctx), input),
});

export const creditNoteAction = defineStaffAction({
  name: "issueCreditNote",
  permission: "billing:write",
  input: z.object({ invoiceId: z.uuid(), amount: amountField, reason: z.string().trim().min(3, "Give a reason").max(300) }),
  revalidate: billingPaths,
  run: async (ctx, input) =>
    issueCreditNote(ctx.db, actorOf(ctx), { invoiceId: input.invoiceId, amountCentavos: input.amount, reason: input.reason }),
});

export const manualInvoiceAction = defineStaffAction({
  name: "createManualInvoice",
  permission: "billing:write",
  input: z.object({
    customerId: z.uuid(),
    lines: z
      .array(z.object({ description: z.string().trim().min(2, "Describe the charge").max(200), amount: amountField }))
      .min(1, "Add a line")
      .max(20),
    dueDate: z.union([z.literal(""), z.iso.date()]),
    notes: z.string().trim().max(500),
  }),
  revalidate: billingPaths,
  run: async (ctx, input) => {
    const invoice = await createManualInvoice(ctx.db, actorOf(ctx), {
      customerId: input.customerId,
      lines: input.lines.map((l) => ({ description: l.description, amountCentavos: l.amount })),
      dueDate: input.dueDate || undefined,
      notes: input.notes,
    });
    return { id: invoice.id, number: invoice.number };
  },
});

export const waiveLateFeeAction = defineStaffAction({
  name: "waiveLateFee",
  permission: "billing:waive_late_fee",
  input: z.object({ lineId: z.uuid(), reason: z.string().trim().min(3, "Give a reason").max(300) }),
  revalidate: billingPaths,
  run: async (ctx, input) => waiveLateFee(ctx.db, actorOf(ctx), input),
});

export const changePlanAction = defineStaffAction({
  name: "changePlan",
  permission: "subscriptions:write",
  input: z.object({ subscriptionId: z.uuid(), planId: z.uuid("Choose a plan") }),
  revalidate: billingPaths,
  run: async (ctx, input) => changePlan(ctx.db, actorOf(ctx), input),
});

export const terminateSubscriptionAction = defineStaffAction({
  name: "terminateSubscription",
  permission: "subscriptions:write",
  input: z.object({ subscriptionId: z.uuid(), reason: z.string().trim().min(3, "Give a reason").max(300) }),
  revalidate: billingPaths,
  run: async (ctx, input) => terminateSubscription(ctx.db, actorOf(ctx), input),
});
