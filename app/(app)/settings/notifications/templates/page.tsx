import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/session";
import { getTenant } from "@/lib/tenants/service";
import { channelLabels, eventCatalog, isNotificationChannel, isNotificationEvent, variablesOf } from "@/lib/notify/events";
import { loadTemplates, templateOf } from "@/lib/notify/templates";
import { notificationChannels, notificationEvents } from "@/lib/notify/schema";
import { cn } from "@/lib/core/cn";
import { PageHeader } from "@/components/shell/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { NotificationTabs } from "@/components/notify/notification-tabs";
import { TemplateEditor } from "@/components/notify/template-editor";

export const metadata = { title: "Message templates" };

const hrefOf = (event: string, channel: string) => `/settings/notifications/templates?event=${event}&channel=${channel}`;

export default async function TemplatesPage({ searchParams }: { searchParams: Promise<Record<string, string | undefined>> }) {
  const ctx = await requireStaffPage("notifications:settings");
  const params = await searchParams;
  const event = params.event && isNotificationEvent(params.event) ? params.event : "invoice_issued";
  const channel = params.channel && isNotificationChannel(params.channel) ? params.channel : "email";
  const [templates, tenant] = await Promise.all([loadTemplates(ctx.db, { tenantId: ctx.tenantId }), getTenant(ctx.db, { tenantId: ctx.tenantId })]);
  const current = templateOf(templates, event, channel);
  const spec = eventCatalog[event];
  return (
    <>
      <PageHeader
        title="Notifications"
        description="The wording of every message, per event and channel. SMS, Telegram and WhatsApp share the short text style."
      />
      <NotificationTabs role={ctx.role} />
      <div className="grid gap-5 lg:grid-cols-[16rem_minmax(0,1fr)]">
        <nav aria-label="Events">
          <ul className="flex flex-col gap-1">
            {notificationEvents.map((e) => {
              const customised = notificationChannels.filter((c) => templateOf(templates, e, c).custom).length;
              const off = notificationChannels.filter((c) => !templateOf(templates, e, c).enabled).length;
              return (
                <li key={e}>
                  <Link
                    href={hrefOf(e, channel)}
                    aria-current={e === event ? "page" : undefined}
                    className={cn(
                      "flex flex-wrap items-center justify-between gap-1 rounded-md px-3 py-2 text-sm focus-visible:outline-2 focus-visible:outline-ring",
                      e === event ? "bg-muted font-medium" : "hover:bg-muted",
                    )}
                  >
                    {eventCatalog[e].label}
                    <span className="flex gap-1">
                      {customised ? <Badge tone="info">{customised} edited</Badge> : null}
                      {off ? <Badge>{off} off</Badge> : null}
                    </span>
                  </Link>
                </li>
              );
            })}
          </ul>
        </nav>
        <Card>
          <CardHeader>
            <CardTitle>{spec.label}</CardTitle>
            <CardDescription>{spec.description}</CardDescription>
          </CardHeader>
          <CardContent>
            <nav aria-label={`${spec.label}: channel`} className="mb-4 overflow-x-auto">
              <ul className="flex min-w-max gap-1 border-b">
                {notificationChannels.map((c) => (
                  <li key={c}>
                    <Link
                      href={hrefOf(event, c)}
                      aria-current={c === channel ? "page" : undefined}
                      className={cn(
                        "-mb-px inline-flex h-10 items-center border-b-2 px-3 text-sm font-medium focus-visible:outline-2 focus-visible:outline-ring",
                        c === channel ? "border-primary text-foreground" : "border-transparent text-muted-foreground hover:text-foreground",
                      )}
                    >
                      {channelLabels[c]}
                    </Link>
                  </li>
                ))}
              </ul>
            </nav>
            <p className="mb-4 text-sm text-muted-foreground">{current.custom ? "Your wording." : "The built-in wording; save to make it yours."}</p>
            <TemplateEditor
              key={`${event}:${channel}:${current.updatedAt?.toISOString() ?? "default"}`}
              event={event}
              channel={channel}
              initial={{ enabled: current.enabled, subject: current.subject, body: current.body }}
              custom={current.custom}
              tenantName={tenant.name}
              variables={variablesOf(event)}
            />
          </CardContent>
        </Card>
      </div>
    </>
  );
}
