"use server";
import { definePortalAction } from "@/lib/portal/action";
import { customerActor } from "@/lib/portal/accounts";
import { invoiceDetail } from "@/lib/billing/queries";
import { payTokenFor } from "@/lib/billing/pay-links";
import { portalTopUpSchema } from "@/lib/quotas/forms";
import { buyTopUp } from "@/lib/quotas/top-ups";
import { formatQuotaBytes } from "@/lib/quotas/rules";

/**
 * The subscriber buys a pack for one of their own services (the customer comes from the session; another
 * subscriber's service is refused). Invoiced at once; the data is added now, or when that invoice is paid if
 * something else is overdue or the subscriber chose to pay online now, and the answer says which, with the invoice's
 * pay link.
 */
export const buyPortalTopUpAction = definePortalAction({
  name: "buyPortalTopUp",
  input: portalTopUpSchema,
  revalidate: ["/portal"],
  run: async (ctx, { subscriptionId, packId, payNow }) => {
    const result = await buyTopUp(ctx.db, customerActor(ctx, ctx.ipAddress), {
      subscriptionId,
      packId,
      customerId: ctx.customerId,
      source: "portal",
      payFirst: payNow === "true",
    });
    const invoice = result.invoiceId ? (await invoiceDetail(ctx.db, { tenantId: ctx.tenantId, invoiceId: result.invoiceId })).invoice : null;
    return {
      granted: result.granted,
      data: formatQuotaBytes(result.topUp.bytes),
      invoiceNumber: invoice?.number ?? null,
      payPath: invoice && !result.granted ? `/pay/${payTokenFor({ tenantId: ctx.tenantId, invoiceId: invoice.id })}` : null,
    };
  },
});
