import Link from "next/link";
import { requireStaffPage } from "@/lib/auth/session";
import { channelViews } from "@/lib/notify/settings";
import type { NotificationChannel } from "@/lib/notify/schema";
import { PageHeader } from "@/components/shell/page-header";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { NotificationTabs } from "@/components/notify/notification-tabs";
import { EmailChannelForm, SmsChannelForm, TelegramChannelForm, WhatsappChannelForm } from "@/components/notify/channel-forms";
import { TestMessageForm } from "@/components/notify/test-message";

export const metadata = { title: "Notification channels" };

const cards: { channel: NotificationChannel; title: string; description: string }[] = [
  { channel: "email", title: "Email", description: "Through the server's mail settings (SMTP_URL); without them, messages wait in the Dev mailbox." },
  { channel: "sms", title: "SMS", description: "Semaphore (Philippine networks) or any provider that takes a JSON POST." },
  {
    channel: "telegram",
    title: "Telegram",
    description: "A bot from @BotFather. Subscribers message the bot once; their chat id goes in their preferences.",
  },
  {
    channel: "whatsapp",
    title: "WhatsApp",
    description: "The WhatsApp Cloud API from Meta: a business phone number id and a permanent access token.",
  },
];

const forms = { email: EmailChannelForm, sms: SmsChannelForm, telegram: TelegramChannelForm, whatsapp: WhatsappChannelForm };

export default async function NotificationChannelsPage() {
  const ctx = await requireStaffPage("notifications:settings");
  const views = await channelViews(ctx.db, { tenantId: ctx.tenantId });
  return (
    <>
      <PageHeader
        title="Notifications"
        description={
          <>
            How subscribers hear from you: invoices, receipts, reminders, suspension notices and ticket updates. Keys are stored encrypted and never
            shown again. Each subscriber&apos;s channels are on their <span className="font-medium">Messages</span> tab;{" "}
            <Link className="text-primary underline" href="/settings/notifications/templates">
              templates
            </Link>{" "}
            set the wording.
          </>
        }
      />
      <NotificationTabs role={ctx.role} />
      <div className="grid gap-5 xl:grid-cols-2">
        {cards.map(({ channel, title, description }) => {
          const view = views[channel];
          const Form = forms[channel];
          const ready = channel === "email" || view.secretSaved;
          return (
            <Card key={channel}>
              <CardHeader>
                <div className="flex flex-wrap items-center justify-between gap-2">
                  <CardTitle>{title}</CardTitle>
                  <Badge tone={view.enabled && ready ? "success" : "neutral"}>{view.enabled && ready ? "On" : "Off"}</Badge>
                </div>
                <CardDescription>{description}</CardDescription>
              </CardHeader>
              <CardContent>
                <Form view={view} />
                <TestMessageForm channel={channel} ready={ready} />
              </CardContent>
            </Card>
          );
        })}
      </div>
    </>
  );
}
