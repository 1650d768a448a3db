import { Suspense } from "react";
import Link from "next/link";
import { requirePortalPage } from "@/lib/portal/context";
import { portalUsage, usageRanges, type UsageRange } from "@/lib/portal/queries";
import { cn } from "@/lib/core/cn";
import { PageHeader, EmptyState } from "@/components/shell/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Button, buttonVariants } from "@/components/ui/button";
import { UsageChart } from "@/components/portal/usage-chart";
import { LiveStatus } from "@/components/portal/live-status";
import { DataAllowance } from "@/components/portal/data-allowance";
import { portalQuotas } from "@/lib/portal/quotas";

export const metadata = { title: "Usage" };

export default async function PortalUsagePage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const ctx = await requirePortalPage();
  const range: UsageRange = (await searchParams).range === "30d" ? "30d" : "24h";
  const usage = await portalUsage(ctx.db, { tenantId: ctx.tenantId, customerId: ctx.customerId, range });
  const quotas = await portalQuotas(ctx.db, { tenantId: ctx.tenantId, subscriptionIds: usage.map((u) => u.subscription.id) });
  return (
    <>
      <PageHeader
        title="Usage"
        description="Your connection now and how much you used."
        actions={
          <Button asChild variant="outline">
            <Link href="/portal/speed-test">Test your speed</Link>
          </Button>
        }
      />
      <nav aria-label="Period" className="mb-4 inline-flex rounded-md border p-0.5">
        {(Object.keys(usageRanges) as UsageRange[]).map((key) => (
          <Link
            key={key}
            href={`/portal/usage?range=${key}`}
            aria-current={key === range ? "page" : undefined}
            className={cn(buttonVariants({ size: "sm", variant: key === range ? "default" : "ghost" }))}
          >
            Last {usageRanges[key].label}
          </Link>
        ))}
      </nav>
      {usage.length === 0 ? (
        <EmptyState title="No usage to show yet">Usage appears here once your service is connected to our network.</EmptyState>
      ) : (
        <div className="flex flex-col gap-4">
          {usage.map(({ subscription, points, from, to }) => (
            <Card key={subscription.id}>
              <CardHeader>
                <CardTitle>{subscription.planName}</CardTitle>
                <CardDescription className="font-mono">{subscription.username}</CardDescription>
              </CardHeader>
              <CardContent className="flex flex-col gap-5">
                {quotas.views.has(subscription.id) ? (
                  <section aria-labelledby={`data-${subscription.id}`}>
                    <h3 id={`data-${subscription.id}`} className="mb-2 text-sm font-semibold">
                      Data this cycle
                    </h3>
                    <DataAllowance
                      view={quotas.views.get(subscription.id)!}
                      subscriptionId={subscription.id}
                      serviceLabel={subscription.planName}
                      packs={quotas.packs}
                      waiting={quotas.waiting}
                      canPayOnline={quotas.canPayOnline}
                      currency={ctx.tenant.currency}
                    />
                  </section>
                ) : null}
                <section aria-label="Connection now">
                  <Suspense fallback={<p className="text-sm text-muted-foreground">Checking your connection…</p>}>
                    <LiveStatus db={ctx.db} tenantId={ctx.tenantId} subscriptionId={subscription.id} staticIp={subscription.staticIp} />
                  </Suspense>
                </section>
                <section aria-label={`Usage over the last ${usageRanges[range].label}`}>
                  <UsageChart
                    label={`${subscription.planName} over the last ${usageRanges[range].label}`}
                    points={points}
                    from={from}
                    to={to}
                    daily={range === "30d"}
                    timeZone={ctx.tenant.timezone}
                  />
                </section>
              </CardContent>
            </Card>
          ))}
        </div>
      )}
    </>
  );
}
