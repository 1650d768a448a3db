"use server";
import { defineStaffAction } from "@/lib/core/server-action";
import { actorOf } from "@/lib/audit/record";
import { invoiceDetail } from "@/lib/billing/queries";
import { giveTopUpSchema, sellTopUpSchema } from "@/lib/quotas/forms";
import { buyTopUp, giveTopUp } from "@/lib/quotas/top-ups";
import { formatQuotaBytes } from "@/lib/quotas/rules";

const revalidate = ["/customers"];

export const giveTopUpAction = defineStaffAction({
  name: "giveTopUp",
  permission: "subscriptions:write",
  input: giveTopUpSchema,
  revalidate,
  run: async (ctx, input) => {
    const topUp = await giveTopUp(ctx.db, actorOf(ctx), input);
    return { data: formatQuotaBytes(topUp.bytes) };
  },
});

/** Staff sell a pack at the counter or on the phone: invoiced like a portal purchase, granted now unless something is overdue. */
export const sellTopUpAction = defineStaffAction({
  name: "sellTopUp",
  permission: "billing:write",
  input: sellTopUpSchema,
  revalidate,
  run: async (ctx, { subscriptionId, packId }) => {
    const result = await buyTopUp(ctx.db, actorOf(ctx), { subscriptionId, packId, source: "staff" });
    const invoiceNumber = result.invoiceId ? (await invoiceDetail(ctx.db, { tenantId: ctx.tenantId, invoiceId: result.invoiceId })).invoice.number : null;
    return { granted: result.granted, data: formatQuotaBytes(result.topUp.bytes), invoiceNumber };
  },
});
