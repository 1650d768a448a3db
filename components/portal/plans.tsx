import { formatMoney } from "@/lib/core/money";
import type { PortalSubscription } from "@/lib/portal/queries";
import { Badge } from "@/components/ui/badge";
import { formatSpeed, subscriptionStatusLabels } from "./format";

const tone = { active: "success", suspended: "danger", pending: "info", terminated: "neutral" } as const;

/** The subscriber's services: plan name, speeds, monthly price and status. */
export function PlanList({ subscriptions, currency }: { subscriptions: PortalSubscription[]; currency: string }) {
  if (subscriptions.length === 0) return <p className="text-sm">No internet service on this account yet.</p>;
  return (
    <ul className="divide-y">
      {subscriptions.map((sub) => (
        <li key={sub.id} className="flex flex-wrap items-start justify-between gap-2 py-3 first:pt-0 last:pb-0">
          <div>
            <p className="font-medium">{sub.planName}</p>
            <p className="text-sm text-muted-foreground">
              {formatSpeed(sub.downloadKbps)} down · {formatSpeed(sub.uploadKbps)} up · {formatMoney(sub.priceCentavos, currency)} a month
            </p>
            <p className="font-mono text-xs text-muted-foreground">{sub.username}</p>
          </div>
          <Badge tone={tone[sub.status]}>{subscriptionStatusLabels[sub.status]}</Badge>
        </li>
      ))}
    </ul>
  );
}
