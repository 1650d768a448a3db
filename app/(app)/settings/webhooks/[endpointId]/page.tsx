import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/session";
import { withoutNul } from "@/lib/core/action";
import { formatDateTime } from "@/lib/core/dates";
import { clock } from "@/lib/core/clock";
import { or404 } from "@/lib/core/page";
import { tenantLocale } from "@/lib/tenants/queries";
import { deliveryFilterSchema, type DeliveryFilter } from "@/lib/webhooks/forms";
import { getEndpoint, listDeliveries } from "@/lib/webhooks/queries";
import { deliveryStatusLabels, deliveryStatuses, isWebhookEventType, WEBHOOK_TEST_EVENT, webhookEventTypes } from "@/lib/webhooks/values";
import { EmptyState, PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { DataTable } from "@/components/ui/table";
import { Pager } from "@/components/ui/pager";
import { Button } from "@/components/ui/button";
import { Label, NativeSelect } from "@/components/ui/input";
import { DeliveryStatusBadge, EndpointStatusBadge } from "@/components/webhooks/badges";
import { EndpointDialog } from "@/components/webhooks/endpoint-dialog";
import { EndpointActions, ResendButton } from "@/components/webhooks/endpoint-actions";

export const metadata = { title: "Webhook endpoint" };

const hrefOf = (endpointId: string, filter: DeliveryFilter, page: number) => {
  const params = new URLSearchParams();
  if (filter.status) params.set("status", filter.status);
  if (filter.type) params.set("type", filter.type);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return `/settings/webhooks/${endpointId}${query ? `?${query}` : ""}`;
};

export default async function WebhookEndpointPage({
  params,
  searchParams,
}: {
  params: Promise<{ endpointId: string }>;
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const ctx = await requireStaffPage("integrations:manage");
  const { endpointId } = await params;
  const raw = await searchParams;
  const filter = deliveryFilterSchema.parse(withoutNul(Object.fromEntries(Object.entries(raw).filter(([, v]) => v))));
  const endpoint = await or404(getEndpoint(ctx.db, { tenantId: ctx.tenantId, endpointId }));
  const [log, { timeZone }] = await Promise.all([
    listDeliveries(ctx.db, { tenantId: ctx.tenantId, endpointId, filter }),
    tenantLocale(ctx.db, { tenantId: ctx.tenantId }),
  ]);
  const when = (date: Date) => formatDateTime(date, timeZone);
  const events = endpoint.events.filter(isWebhookEventType);
  const rotating = endpoint.previousSecretExpiresAt && endpoint.previousSecretExpiresAt.getTime() > clock.ms() ? endpoint.previousSecretExpiresAt : null;
  return (
    <>
      <PageHeader
        title="Webhook endpoint"
        description={
          <>
            <Link className="text-primary underline" href="/settings/webhooks">
              Webhooks
            </Link>{" "}
            / <span className="break-all font-mono">{endpoint.url}</span>
          </>
        }
        actions={<EndpointDialog endpoint={{ id: endpoint.id, url: endpoint.url, description: endpoint.description, events }} />}
      />
      <Card className="mb-5">
        <CardHeader>
          <CardTitle>
            <span className="mr-2">Settings</span>
            <EndpointStatusBadge enabled={endpoint.enabled} disabledReason={endpoint.disabledReason} />
          </CardTitle>
        </CardHeader>
        <CardContent className="flex flex-col gap-3 text-sm">
          {endpoint.disabledReason ? (
            <p role="status" className="rounded-md border border-danger/50 p-3">
              <span className="font-medium text-danger">NetSphere switched this endpoint off</span>
              {endpoint.disabledAt ? ` on ${when(endpoint.disabledAt)}` : ""}. {endpoint.disabledReason}
            </p>
          ) : !endpoint.enabled ? (
            <p>Switched off: no new events are queued for it; deliveries already waiting go out when it is switched on again.</p>
          ) : endpoint.failingSince ? (
            <p className="text-warning">Deliveries have been failing since {when(endpoint.failingSince)}. After 24 hours of failures NetSphere switches the endpoint off.</p>
          ) : null}
          <dl className="grid gap-x-6 gap-y-2 sm:grid-cols-[auto_1fr]">
            <dt className="text-muted-foreground">Description</dt>
            <dd>{endpoint.description || "—"}</dd>
            <dt className="text-muted-foreground">Events</dt>
            <dd>{events.length === 0 ? "All events" : <span className="font-mono text-xs">{events.join(", ")}</span>}</dd>
            <dt className="text-muted-foreground">Signing secret</dt>
            <dd>
              Shown once, when the endpoint was added or its secret rotated.
              {rotating ? ` The previous secret also signs until ${when(rotating)}.` : ""}
            </dd>
            <dt className="text-muted-foreground">Added</dt>
            <dd>{when(endpoint.createdAt)}</dd>
          </dl>
          <EndpointActions endpointId={endpoint.id} url={endpoint.url} enabled={endpoint.enabled} />
        </CardContent>
      </Card>

      <h2 className="mb-3 text-lg font-semibold">Deliveries</h2>
      <form method="get" className="mb-4 grid gap-3 rounded-lg border bg-card p-3 sm:grid-cols-3">
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="f-status">Status</Label>
          <NativeSelect id="f-status" name="status" defaultValue={filter.status ?? ""}>
            <option value="">All ({Object.values(log.counts).reduce((a, b) => a + b, 0)})</option>
            {deliveryStatuses.map((s) => (
              <option key={s} value={s}>
                {deliveryStatusLabels[s]} ({log.counts[s]})
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="f-type">Event</Label>
          <NativeSelect id="f-type" name="type" defaultValue={filter.type ?? ""}>
            <option value="">All events</option>
            {[...webhookEventTypes, WEBHOOK_TEST_EVENT].map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="flex items-end gap-2">
          <Button type="submit">Filter</Button>
          <Button asChild variant="ghost">
            <Link href={`/settings/webhooks/${endpoint.id}`}>Clear</Link>
          </Button>
        </div>
      </form>
      {log.rows.length === 0 ? (
        <EmptyState title="No deliveries here">Each event this endpoint receives is listed here with every attempt to deliver it.</EmptyState>
      ) : (
        <DataTable columns={[{ label: "Queued" }, { label: "Event" }, { label: "Status" }, { label: "Last attempt" }, { label: "Actions", srOnly: true }]}>
          {log.rows.map((delivery) => {
            const label = `${delivery.eventType} queued ${when(delivery.createdAt)}`;
            return (
              <tr key={delivery.id} className="align-top">
                <td className="whitespace-nowrap p-3">
                  <Link className="text-primary underline" href={`/settings/webhooks/${endpoint.id}/deliveries/${delivery.id}`} aria-label={`Details: ${label}`}>
                    <time dateTime={delivery.createdAt.toISOString()}>{when(delivery.createdAt)}</time>
                  </Link>
                </td>
                <td className="p-3 font-mono text-xs">{delivery.eventType}</td>
                <td className="min-w-40 p-3">
                  <DeliveryStatusBadge status={delivery.status} />
                  <span className="mt-1 block text-xs text-muted-foreground">
                    {delivery.attempts} {delivery.attempts === 1 ? "attempt" : "attempts"}
                    {delivery.status === "pending" && delivery.attempts > 0 ? ` · next ${when(delivery.nextAttemptAt)}` : ""}
                  </span>
                </td>
                <td className="min-w-48 p-3">
                  {delivery.lastAttemptAt ? (
                    <>
                      <time dateTime={delivery.lastAttemptAt.toISOString()}>{when(delivery.lastAttemptAt)}</time>
                      {delivery.lastResponseStatus !== null ? <span className="block text-xs">Answered {delivery.lastResponseStatus}</span> : null}
                      {delivery.lastError ? <span className="block break-words text-xs text-muted-foreground">{delivery.lastError}</span> : null}
                    </>
                  ) : (
                    <span className="text-muted-foreground">Not tried yet</span>
                  )}
                </td>
                <td className="p-3">
                  <ResendButton deliveryId={delivery.id} label={label} />
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
      <Pager
        newer={log.page > 1 ? hrefOf(endpoint.id, filter, log.page - 1) : null}
        older={log.page < log.pageCount ? hrefOf(endpoint.id, filter, log.page + 1) : null}
      />
    </>
  );
}
