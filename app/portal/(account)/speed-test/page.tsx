import { requirePortalPage } from "@/lib/portal/context";
import { listSpeedTests } from "@/lib/portal/speed-tests";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { SpeedTest } from "@/components/portal/speed-test";
import { SpeedTestTable } from "@/components/portal/speed-test-table";

export const metadata = { title: "Speed test" };

export default async function PortalSpeedTestPage() {
  const ctx = await requirePortalPage();
  const history = await listSpeedTests(ctx.db, { tenantId: ctx.tenantId, customerId: ctx.customerId, limit: 20 });
  return (
    <div className="flex flex-col gap-4">
      <PageHeader title="Speed test" description={`Measures the connection between this device and ${ctx.tenant.name}.`} />
      <Card>
        <CardHeader>
          <CardTitle>Test your connection</CardTitle>
          <CardDescription>
            For the truest result, use a device on a cable or close to your Wi-Fi router, with downloads and videos paused. A test on a very fast
            connection uses up to about 170 MB of data. {ctx.tenant.name} support can see your results.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <SpeedTest />
        </CardContent>
      </Card>
      <section aria-labelledby="speed-history" className="flex flex-col gap-2">
        <h2 id="speed-history" className="text-base font-semibold">
          Your recent tests
        </h2>
        {history.length === 0 ? (
          <p className="text-sm text-muted-foreground">No tests yet.</p>
        ) : (
          <SpeedTestTable tests={history} timeZone={ctx.tenant.timezone} label="Your recent speed tests" />
        )}
      </section>
    </div>
  );
}
