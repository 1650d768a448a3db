import Link from "next/link";
import type { QuotaView } from "@/lib/quotas/queries";
import { packLine, topUpStatusLabels } from "@/lib/quotas/labels";
import { formatQuotaBytes } from "@/lib/quotas/rules";
import { formatMoney } from "@/lib/core/money";
import { formatCalendarDate } from "@/lib/core/dates";
import { localDate } from "@/lib/core/time-zones";
import { QuotaMeter } from "@/components/quotas/quota-meter";
import { GiveTopUp, SellTopUp } from "@/components/quotas/top-up-dialogs";

/** A subscription's data cap on the customer page: the meter, this cycle's top-ups, and giving or selling more. */
export function SubscriptionQuota({
  view,
  subscriptionId,
  username,
  profile,
  timeZone,
  currency,
  canGive,
  packs,
  invoiceLinks,
}: {
  view: QuotaView;
  subscriptionId: string;
  username: string;
  profile: string | null;
  timeZone: string;
  currency: string;
  canGive: boolean;
  /** Packs on sale, when the staff member may sell them; null otherwise. */
  packs: { id: string; label: string }[] | null;
  /** Whether the staff member may open invoices. */
  invoiceLinks: boolean;
}) {
  return (
    <section aria-label={`Data allowance of ${username}`} className="flex w-full flex-col gap-2 rounded-md border p-3">
      <QuotaMeter view={view} label={username} audience="staff" profile={profile} />
      {view.topUps.length > 0 ? (
        <ul aria-label={`Top-ups of ${username} this cycle`} className="flex flex-col gap-1 text-xs">
          {view.topUps.map((topUp) => (
            <li key={topUp.id} className="flex flex-wrap gap-x-2">
              <span className="font-medium tabular-nums">+{formatQuotaBytes(topUp.bytes)}</span>
              {packLine(topUp) === formatQuotaBytes(topUp.bytes) ? null : <span>{topUp.name}</span>}
              <span className="text-muted-foreground">
                {topUp.source === "portal" ? "bought in the portal" : topUp.priceCentavos > 0 ? "sold by staff" : "given by staff"}
                {topUp.priceCentavos > 0 ? `, ${formatMoney(topUp.priceCentavos, currency)}` : ""} ·{" "}
                {formatCalendarDate(localDate(topUp.createdAt, timeZone))}
                {topUp.createdBy ? ` · ${topUp.createdBy}` : ""}
              </span>
              <span className={topUp.status === "pending_payment" ? "text-warning" : "text-muted-foreground"}>{topUpStatusLabels[topUp.status]}</span>
              {topUp.invoiceId && invoiceLinks ? (
                <Link className="text-primary underline underline-offset-4" href={`/billing/invoices/${topUp.invoiceId}`}>
                  Invoice<span className="sr-only"> for {topUp.name}</span>
                </Link>
              ) : null}
            </li>
          ))}
        </ul>
      ) : null}
      {canGive || (packs && packs.length > 0) ? (
        <div className="flex flex-wrap gap-2">
          {canGive ? <GiveTopUp subscriptionId={subscriptionId} username={username} /> : null}
          {packs && packs.length > 0 ? <SellTopUp subscriptionId={subscriptionId} username={username} packs={packs} /> : null}
        </div>
      ) : null}
    </section>
  );
}
