import { formatMoney } from "@/lib/core/money";
import { formatDateTime } from "@/lib/core/dates";
import { providerLabels } from "@/lib/payments/values";
import type { RefundView } from "@/lib/payments/refunds";
import { Badge } from "@/components/ui/badge";

const statusText = { pending: "Waiting for the gateway", succeeded: "Refunded", failed: "Refused" } as const;
const statusTone = { pending: "warning", succeeded: "success", failed: "danger" } as const;

/** The refunds of one payment sent to its gateway, with what the gateway said: staff see a refused one and why. */
export function GatewayRefunds({ refunds, timeZone }: { refunds: RefundView[]; timeZone: string }) {
  return (
    <section aria-labelledby="gateway-refunds" className="rounded-lg border p-4">
      <h2 id="gateway-refunds" className="mb-3 font-semibold">
        Refunds sent to {providerLabels[refunds[0].provider]}
      </h2>
      <ul className="divide-y text-sm">
        {refunds.map((refund) => (
          <li key={refund.id} className="flex flex-col gap-1 py-2 first:pt-0 last:pb-0">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <span className="font-medium tabular-nums">{formatMoney(refund.amountCentavos, refund.currency)}</span>
              <Badge tone={statusTone[refund.status]}>{statusText[refund.status]}</Badge>
            </div>
            <span className="text-muted-foreground">
              {formatDateTime(refund.createdAt, timeZone)} · {refund.reason}
              {refund.externalId ? <span className="font-mono"> · {refund.externalId}</span> : null}
            </span>
            {refund.status === "failed" && refund.failureReason ? <span className="text-danger">{refund.failureReason}</span> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}
