import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/session";
import { formatDateTime } from "@/lib/core/dates";
import { tenantLocale } from "@/lib/tenants/queries";
import { listEndpoints } from "@/lib/webhooks/queries";
import { MAX_ENDPOINTS, isWebhookEventType } from "@/lib/webhooks/values";
import { SettingsTabs } from "@/components/settings/settings-tabs";
import { EmptyState, PageHeader } from "@/components/shell/page-header";
import { DataTable } from "@/components/ui/table";
import { EndpointDialog } from "@/components/webhooks/endpoint-dialog";
import { DeliveryStatusBadge, EndpointStatusBadge } from "@/components/webhooks/badges";

export const metadata = { title: "Webhooks" };

export default async function WebhooksPage() {
  const ctx = await requireStaffPage("integrations:manage");
  const [endpoints, { timeZone }] = await Promise.all([listEndpoints(ctx.db, { tenantId: ctx.tenantId }), tenantLocale(ctx.db, { tenantId: ctx.tenantId })]);
  const canAdd = endpoints.length < MAX_ENDPOINTS;
  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Your own systems (accounting, your website, Zapier-style tools) hear about events in NetSphere as they happen: each event is posted as JSON to your endpoints, signed as Standard Webhooks describes, and retried for about a day when it does not arrive."
        actions={canAdd ? <EndpointDialog /> : null}
      />
      <SettingsTabs role={ctx.role} />
      {endpoints.length === 0 ? (
        <EmptyState title="No endpoints yet" action={<EndpointDialog />}>
          Add the address of a system that should receive events, choose which events, and give it the signing secret NetSphere shows you.
        </EmptyState>
      ) : (
        <DataTable columns={[{ label: "Endpoint" }, { label: "Events" }, { label: "Status" }, { label: "Last delivery" }]}>
          {endpoints.map((endpoint) => (
            <tr key={endpoint.id} className="align-top">
              <td className="min-w-56 p-3">
                <Link className="break-all font-medium text-primary underline" href={`/settings/webhooks/${endpoint.id}`}>
                  {endpoint.url}
                </Link>
                {endpoint.description ? <span className="block text-xs text-muted-foreground">{endpoint.description}</span> : null}
              </td>
              <td className="min-w-40 p-3">
                {endpoint.events.length === 0 ? (
                  "All events"
                ) : (
                  <ul className="font-mono text-xs">
                    {endpoint.events.filter(isWebhookEventType).map((type) => (
                      <li key={type}>{type}</li>
                    ))}
                  </ul>
                )}
              </td>
              <td className="p-3">
                <EndpointStatusBadge enabled={endpoint.enabled} disabledReason={endpoint.disabledReason} />
              </td>
              <td className="min-w-48 p-3">
                {endpoint.last ? (
                  <>
                    <DeliveryStatusBadge status={endpoint.last.status} />
                    <span className="mt-1 block text-xs text-muted-foreground">
                      <span className="font-mono">{endpoint.last.eventType}</span> ·{" "}
                      <time dateTime={endpoint.last.createdAt.toISOString()}>{formatDateTime(endpoint.last.createdAt, timeZone)}</time>
                      {endpoint.last.responseStatus !== null ? ` · answered ${endpoint.last.responseStatus}` : ""}
                    </span>
                    {endpoint.last.status !== "delivered" && endpoint.last.error ? (
                      <span className="mt-1 block break-words text-xs">{endpoint.last.error}</span>
                    ) : null}
                  </>
                ) : (
                  <span className="text-muted-foreground">Nothing sent yet</span>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
      {!canAdd ? <p className="mt-4 text-sm text-muted-foreground">An ISP can have {MAX_ENDPOINTS} endpoints; delete one to add another.</p> : null}
    </>
  );
}
