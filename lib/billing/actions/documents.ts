"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { emailInvoice, emailReceipt } from "@/lib/billing/documents/email";

export const emailInvoiceAction = defineStaffAction({
  name: "emailInvoice",
  permission: "billing:write",
  input: z.object({ invoiceId: z.string().trim().min(1).max(64) }),
  revalidate: ["/billing"],
  run: (ctx, { invoiceId }) => emailInvoice(ctx.db, actorOf(ctx), { invoiceId }),
});

export const emailReceiptAction = defineStaffAction({
  name: "emailReceipt",
  permission: "payments:record",
  input: z.object({ paymentId: z.string().trim().min(1).max(64) }),
  revalidate: ["/billing"],
  run: (ctx, { paymentId }) => emailReceipt(ctx.db, actorOf(ctx), { paymentId }),
});
