import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/session";
import { withoutNul } from "@/lib/core/action";
import { formatDateTime } from "@/lib/core/dates";
import { getTenant } from "@/lib/tenants/service";
import { channelLabels, eventCatalog } from "@/lib/notify/events";
import { listOutbox } from "@/lib/notify/queries";
import { outboxFilterSchema, outboxStatusLabels, type OutboxFilter } from "@/lib/notify/rules";
import { notificationChannels, outboxStatuses } from "@/lib/notify/schema";
import { PageHeader, EmptyState } from "@/components/shell/page-header";
import { DataTable } from "@/components/ui/table";
import { Pager } from "@/components/ui/pager";
import { Button } from "@/components/ui/button";
import { Label, NativeSelect } from "@/components/ui/input";
import { NotificationTabs } from "@/components/notify/notification-tabs";
import { OutboxStatusBadge } from "@/components/notify/status-badge";
import { OutboxActions } from "@/components/notify/outbox-actions";

export const metadata = { title: "Outbox" };

const hrefOf = (filter: OutboxFilter, page: number) => {
  const params = new URLSearchParams();
  if (filter.status) params.set("status", filter.status);
  if (filter.channel) params.set("channel", filter.channel);
  if (page > 1) params.set("page", String(page));
  const query = params.toString();
  return `/settings/notifications/outbox${query ? `?${query}` : ""}`;
};

export default async function OutboxPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requireStaffPage("notifications:outbox");
  const raw = await searchParams;
  const filter = outboxFilterSchema.parse(withoutNul(Object.fromEntries(Object.entries(raw).filter(([, v]) => v))));
  const [outbox, tenant] = await Promise.all([listOutbox(ctx.db, { tenantId: ctx.tenantId, filter }), getTenant(ctx.db, { tenantId: ctx.tenantId })]);
  const when = (date: Date) => formatDateTime(date, tenant.timezone);
  return (
    <>
      <PageHeader
        title="Notifications"
        description="Every message queued for your subscribers and staff. Failed messages were refused or ran out of retries: send them again once the cause is fixed, or discard them."
      />
      <NotificationTabs role={ctx.role} />
      <form method="get" className="mb-4 grid gap-3 rounded-lg border bg-card p-3 sm:grid-cols-3">
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="f-status">Status</Label>
          <NativeSelect id="f-status" name="status" defaultValue={filter.status ?? ""}>
            <option value="">All ({Object.values(outbox.counts).reduce((a, b) => a + b, 0)})</option>
            {outboxStatuses.map((s) => (
              <option key={s} value={s}>
                {outboxStatusLabels[s]} ({outbox.counts[s]})
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="flex flex-col gap-1.5">
          <Label htmlFor="f-channel">Channel</Label>
          <NativeSelect id="f-channel" name="channel" defaultValue={filter.channel ?? ""}>
            <option value="">All channels</option>
            {notificationChannels.map((c) => (
              <option key={c} value={c}>
                {channelLabels[c]}
              </option>
            ))}
          </NativeSelect>
        </div>
        <div className="flex items-end gap-2">
          <Button type="submit">Filter</Button>
          <Button asChild variant="ghost">
            <Link href="/settings/notifications/outbox">Clear</Link>
          </Button>
        </div>
      </form>
      {outbox.counts.dead > 0 && filter.status !== "dead" ? (
        <p className="mb-4 text-sm">
          <Link className="font-medium text-danger underline" href={hrefOf({ ...filter, status: "dead" }, 1)}>
            {outbox.counts.dead} failed {outbox.counts.dead === 1 ? "message needs" : "messages need"} attention
          </Link>
        </p>
      ) : null}
      {outbox.rows.length === 0 ? (
        <EmptyState title="No messages here">
          Messages appear when invoices are issued, payments recorded, reminders go out or tickets change.
        </EmptyState>
      ) : (
        <DataTable columns={[{ label: "Queued" }, { label: "Message" }, { label: "To" }, { label: "Status" }, { label: "Actions", srOnly: true }]}>
          {outbox.rows.map((m) => {
            const label = `${eventCatalog[m.event].label} by ${channelLabels[m.channel]} to ${m.customerName ?? m.recipient}`;
            return (
              <tr key={m.id} className="align-top">
                <td className="whitespace-nowrap p-3">
                  <time dateTime={m.createdAt.toISOString()}>{when(m.createdAt)}</time>
                </td>
                <td className="min-w-48 p-3">
                  <span className="font-medium">{eventCatalog[m.event].label}</span> · {channelLabels[m.channel]}
                  {m.subject ? <span className="block text-xs text-muted-foreground">{m.subject}</span> : null}
                </td>
                <td className="p-3">
                  {m.customerId && m.customerName ? (
                    <Link className="text-primary underline" href={`/customers/${m.customerId}/communications`}>
                      {m.customerName}
                    </Link>
                  ) : (
                    "Staff"
                  )}
                  <span className="block break-all font-mono text-xs text-muted-foreground">{m.recipient}</span>
                </td>
                <td className="min-w-48 p-3">
                  <OutboxStatusBadge status={m.status} />
                  <span className="mt-1 block text-xs text-muted-foreground">
                    {m.status === "sent" && m.sentAt ? `Sent ${when(m.sentAt)}` : `Attempt ${m.attempts} of ${m.maxAttempts}`}
                    {m.status === "failed" ? ` · next try ${when(m.nextAttemptAt)}` : ""}
                  </span>
                  {m.lastError ? <span className="mt-1 block break-words text-xs">{m.lastError}</span> : null}
                </td>
                <td className="p-3">
                  <OutboxActions id={m.id} status={m.status} label={label} />
                </td>
              </tr>
            );
          })}
        </DataTable>
      )}
      <Pager
        newer={outbox.page > 1 ? hrefOf(filter, outbox.page - 1) : null}
        older={outbox.page < outbox.pageCount ? hrefOf(filter, outbox.page + 1) : null}
      />
    </>
  );
}
