import type { QuotaView } from "@/lib/quotas/queries";
import { capNote, formatQuotaBytes } from "@/lib/quotas/rules";
import { packLine, topUpStatusLabels } from "@/lib/quotas/labels";
import { formatMoney } from "@/lib/core/money";
import { QuotaMeter, renewsOn } from "@/components/quotas/quota-meter";
import { BuyData } from "./buy-data";

/** An unpaid invoice a pending top-up waits for: its number and where to pay it. */
export type WaitingInvoice = { number: string; payPath: string };

/**
 * A service's data allowance in the portal: the meter, what happens at the cap in the plan's words, this cycle's
 * top-ups (one waiting for payment links to its invoice), and "Buy more data" with the packs on sale.
 */
export function DataAllowance({
  view,
  subscriptionId,
  serviceLabel,
  packs,
  canPayOnline = false,
  waiting,
  currency,
}: {
  view: QuotaView;
  subscriptionId: string;
  serviceLabel: string;
  packs: { id: string; name: string; bytes: number; priceCentavos: number }[];
  /** A payment gateway is on: "Pay now online" beside "Add to my bill". */
  canPayOnline?: boolean;
  waiting: Map<string, WaitingInvoice>;
  currency: string;
}) {
  return (
    <div className="flex flex-col gap-4">
      <QuotaMeter view={view} label={serviceLabel} audience="subscriber" />
      <p className="text-sm">{capNote(view.action, { throttleRate: view.throttleRate, renewsOn: renewsOn(view), reached: view.level === "capped" })}</p>
      {view.topUps.length > 0 ? (
        <ul aria-label={`Extra data for ${serviceLabel}`} className="flex flex-col gap-1 text-sm">
          {view.topUps.map((topUp) => {
            const invoice = topUp.status === "pending_payment" && topUp.invoiceId ? waiting.get(topUp.invoiceId) : undefined;
            return (
              <li key={topUp.id} className="flex flex-wrap gap-x-2">
                <span className="font-medium tabular-nums">+{formatQuotaBytes(topUp.bytes)}</span>
                {topUp.source === "staff" && topUp.priceCentavos === 0 ? (
                  <span>extra data from us</span>
                ) : packLine(topUp) === formatQuotaBytes(topUp.bytes) ? null : (
                  <span>{topUp.name}</span>
                )}
                <span className="text-muted-foreground">{topUpStatusLabels[topUp.status]}</span>
                {invoice ? (
                  <a className="text-primary underline underline-offset-4" href={invoice.payPath}>
                    Pay invoice {invoice.number}
                  </a>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      {packs.length > 0 ? (
        <BuyData
          subscriptionId={subscriptionId}
          serviceLabel={serviceLabel}
          canPayOnline={canPayOnline}
          packs={packs.map((pack) => ({ id: pack.id, label: `${packLine(pack)} for ${formatMoney(pack.priceCentavos, currency)}` }))}
        />
      ) : null}
    </div>
  );
}
