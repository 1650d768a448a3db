"use server";
import { z } from "zod";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { amountField } from "@/lib/billing/forms";
import { refundOnlinePayment } from "@/lib/payments/refunds";
import { refundSenders } from "@/lib/payments/refund-senders";

/** A refund of an online payment, sent to the gateway that took it; the ledger records it once the gateway confirms. */
export const refundOnlineAction = defineStaffAction({
  name: "payments.refundOnline",
  permission: "payments:refund",
  input: z.object({
    paymentId: z.uuid(),
    amount: amountField,
    reason: z.string().trim().min(3, "Give a reason").max(300),
  }),
  revalidate: ["/billing/payments", "/billing"],
  run: async (ctx, input) =>
    refundOnlinePayment(ctx.db, actorOf(ctx), refundSenders, { paymentId: input.paymentId, amountCentavos: input.amount, reason: input.reason }),
});
