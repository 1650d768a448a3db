import type { DbOrTx } from "@/lib/db/types";
import { loadSubscriptionTraffic } from "@/lib/monitoring/queries";
import { getTenant } from "@/lib/tenants/service";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { LiveTrafficGraph } from "./live-traffic-graph";
import { TrafficHistoryChart } from "./traffic-history-chart";

export type SubscriberTrafficProps = {
  db: DbOrTx;
  /** From the session, never from the request. */
  tenantId: string;
  subscriptionId: string;
};

/**
 * A subscriber's traffic for the customer page: live download/upload of their PPPoE or hotspot session and
 * the stored history (1 hour, 24 hours, 30 days). Server component; the graphs stream in the browser.
 */
export async function SubscriberTraffic({ db, tenantId, subscriptionId }: SubscriberTrafficProps) {
  const [subscription, tenant] = await Promise.all([loadSubscriptionTraffic(db, { tenantId, subscriptionId }), getTenant(db, { tenantId })]);
  const source = { subscription: subscription.id };
  return (
    <Card>
      <CardHeader>
        <CardTitle>Traffic of {subscription.username}</CardTitle>
        <CardDescription>
          {subscription.routerId
            ? `Download and upload of the ${subscription.planType === "hotspot" ? "hotspot" : "PPPoE"} session on ${subscription.routerName ?? "its router"}.`
            : "This subscription is not assigned to a router yet, so there is no traffic to show."}
        </CardDescription>
      </CardHeader>
      {subscription.routerId ? (
        <CardContent className="space-y-6">
          <section aria-label={`Live traffic of ${subscription.username}`}>
            <LiveTrafficGraph routerId={subscription.routerId} source={source} label={subscription.username} windowSeconds={60} height={160} />
          </section>
          <section aria-label={`Traffic history of ${subscription.username}`}>
            <TrafficHistoryChart
              routerId={subscription.routerId}
              source={source}
              label={subscription.username}
              defaultRange="24h"
              timeZone={tenant.timezone}
              height={160}
            />
          </section>
        </CardContent>
      ) : null}
    </Card>
  );
}
