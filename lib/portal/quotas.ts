/** The portal's view of data caps: the subscriber's services with a quota, the packs on sale, and invoices top-ups wait for. */
import "server-only";
import { quotaViews } from "@/lib/quotas/queries";
import { listPacks } from "@/lib/quotas/top-ups";
import { invoiceDetail } from "@/lib/billing/queries";
import { payTokenFor } from "@/lib/billing/pay-links";
import { offeredMethods } from "@/lib/payments/gateways";
import type { Db } from "@/lib/db/types";

/** `subscriptionIds` are the signed-in subscriber's own (from portalSubscriptions or portalUsage). */
export async function portalQuotas(db: Db, { tenantId, subscriptionIds }: { tenantId: string; subscriptionIds: string[] }) {
  const views = await quotaViews(db, { tenantId, subscriptionIds });
  if (views.size === 0) return { views, packs: [], waiting: new Map<string, { number: string; payPath: string }>(), canPayOnline: false };
  const waitingIds = [
    ...new Set([...views.values()].flatMap((view) => view.topUps.filter((t) => t.status === "pending_payment" && t.invoiceId).map((t) => t.invoiceId!))),
  ];
  const [packs, invoices, providers] = await Promise.all([
    listPacks(db, { tenantId, activeOnly: true }),
    Promise.all(waitingIds.map((invoiceId) => invoiceDetail(db, { tenantId, invoiceId }))),
    offeredMethods(db, { tenantId }),
  ]);
  const waiting = new Map(
    invoices
      .filter(({ invoice }) => invoice.status === "open")
      .map(({ invoice }) => [invoice.id, { number: invoice.number, payPath: `/pay/${payTokenFor({ tenantId, invoiceId: invoice.id })}` }]),
  );
  // With a payment gateway on, a subscriber may pay for a pack online before it is added instead of putting it on the bill.
  return { views, packs, waiting, canPayOnline: providers.length > 0 };
}
