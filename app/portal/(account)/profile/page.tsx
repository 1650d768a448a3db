import { requirePortalPage } from "@/lib/portal/context";
import { getPreferences } from "@/lib/notify/preferences";
import { channelLabels } from "@/lib/notify/events";
import { notificationChannels } from "@/lib/notify/values";
import { PageHeader } from "@/components/shell/page-header";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { ChangePasswordForm, ContactForm, PreferencesForm } from "@/components/portal/profile-forms";

export const metadata = { title: "Profile" };

export default async function PortalProfilePage() {
  const ctx = await requirePortalPage();
  const preferences = await getPreferences(ctx.db, { tenantId: ctx.tenantId, customerId: ctx.customerId });
  return (
    <div className="flex flex-col gap-4">
      <PageHeader title="Profile" description={`${ctx.customer.name} · account ${ctx.customer.accountNumber}`} />
      <Card>
        <CardHeader>
          <CardTitle>Contact details</CardTitle>
          <CardDescription>To change your name or service address, contact {ctx.tenant.name}.</CardDescription>
        </CardHeader>
        <CardContent>
          <ContactForm email={ctx.customer.email} phone={ctx.customer.phone} />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Notifications</CardTitle>
        </CardHeader>
        <CardContent>
          <PreferencesForm
            channels={notificationChannels.map((channel) => ({ value: channel, label: channelLabels[channel] }))}
            initial={{
              channels: preferences.channels,
              optOut: preferences.optOut,
              telegramChatId: preferences.telegramChatId ?? "",
              whatsappNumber: preferences.whatsappNumber ?? "",
            }}
          />
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Password</CardTitle>
        </CardHeader>
        <CardContent>
          <ChangePasswordForm />
        </CardContent>
      </Card>
    </div>
  );
}
