import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/core/dates";
import { or404 } from "@/lib/core/page";
import { tenantLocale } from "@/lib/tenants/queries";
import { getDelivery, getEndpoint } from "@/lib/webhooks/queries";
import { messageId } from "@/lib/webhooks/signing";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { DeliveryStatusBadge } from "@/components/webhooks/badges";
import { ResendButton } from "@/components/webhooks/endpoint-actions";

export const metadata = { title: "Webhook delivery" };

const pre = "whitespace-pre-wrap break-all rounded-md border bg-muted p-3 font-mono text-xs";

export default async function WebhookDeliveryPage({ params }: { params: Promise<{ endpointId: string; deliveryId: string }> }) {
  const ctx = await requireStaffPage("integrations:manage");
  const { endpointId, deliveryId } = await params;
  const endpoint = await or404(getEndpoint(ctx.db, { tenantId: ctx.tenantId, endpointId }));
  const [{ delivery, attempts }, { timeZone }] = await Promise.all([
    or404(getDelivery(ctx.db, { tenantId: ctx.tenantId, endpointId, deliveryId })),
    tenantLocale(ctx.db, { tenantId: ctx.tenantId }),
  ]);
  const when = (date: Date) => formatDateTime(date, timeZone);
  const label = `${delivery.eventType} queued ${when(delivery.createdAt)}`;
  return (
    <>
      <PageHeader
        title={`Delivery of ${delivery.eventType}`}
        description={
          <>
            <Link className="text-primary underline" href="/settings/webhooks">
              Webhooks
            </Link>{" "}
            /{" "}
            <Link className="break-all text-primary underline" href={`/settings/webhooks/${endpoint.id}`}>
              {endpoint.url}
            </Link>
          </>
        }
        actions={<ResendButton deliveryId={delivery.id} label={label} />}
      />
      <Card className="mb-5">
        <CardHeader>
          <CardTitle>
            <span className="mr-2">Message</span>
            <DeliveryStatusBadge status={delivery.status} />
          </CardTitle>
        </CardHeader>
        <CardContent className="flex flex-col gap-3 text-sm">
          <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[auto_1fr]">
            <dt className="text-muted-foreground">webhook-id</dt>
            <dd className="break-all font-mono text-xs">{messageId(delivery.id)} (the same on every attempt)</dd>
            <dt className="text-muted-foreground">Queued</dt>
            <dd>{when(delivery.createdAt)}</dd>
            <dt className="text-muted-foreground">Attempts</dt>
            <dd>
              {delivery.attempts}
              {delivery.status === "pending" && delivery.attempts > 0 ? `; next attempt ${when(delivery.nextAttemptAt)}` : ""}
              {delivery.deliveredAt ? `; delivered ${when(delivery.deliveredAt)}` : ""}
            </dd>
          </dl>
          <h3 className="font-medium">Body</h3>
          <pre className={pre}>{JSON.stringify(delivery.payload, null, 2)}</pre>
        </CardContent>
      </Card>

      <h2 className="mb-3 text-lg font-semibold">Attempts</h2>
      {attempts.length === 0 ? <p className="text-sm text-muted-foreground">Not tried yet.</p> : null}
      <ol className="flex flex-col gap-4">
        {attempts.map((attempt, index) => (
          <li key={attempt.id}>
            <Card>
              <CardHeader>
                <CardTitle>
                  Attempt {attempts.length - index} · <time dateTime={attempt.attemptedAt.toISOString()}>{when(attempt.attemptedAt)}</time>
                </CardTitle>
              </CardHeader>
              <CardContent className="flex flex-col gap-3 text-sm">
                <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[auto_1fr]">
                  <dt className="text-muted-foreground">Answer</dt>
                  <dd>{attempt.responseStatus === null ? "None" : attempt.responseStatus}</dd>
                  <dt className="text-muted-foreground">Took</dt>
                  <dd>{attempt.durationMs} ms</dd>
                  {attempt.error ? (
                    <>
                      <dt className="text-muted-foreground">Error</dt>
                      <dd className="break-words">{attempt.error}</dd>
                    </>
                  ) : null}
                </dl>
                <h3 className="font-medium">Request headers</h3>
                <pre className={pre}>
                  {Object.entries(attempt.requestHeaders)
                    .map(([name, value]) => `${name}: ${value}`)
                    .join("\n")}
                </pre>
                <h3 className="font-medium">Response body (first 2 KB)</h3>
                <pre className={pre}>{attempt.responseBody || "(empty)"}</pre>
              </CardContent>
            </Card>
          </li>
        ))}
      </ol>
    </>
  );
}
