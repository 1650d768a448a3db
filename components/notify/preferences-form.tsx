"use client";
import { useRouter } from "next/navigation";
import { savePreferencesAction } from "@/lib/notify/actions/customer";
import { channelLabels } from "@/lib/notify/events";
import type { PreferencesInput } from "@/lib/notify/rules";
import { notificationChannels, type NotificationChannel } from "@/lib/notify/values";
import { useActionForm } from "@/components/forms/use-action-form";
import { CheckboxField, Field } from "@/components/forms/field";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";

type Props = {
  customerId: string;
  initial: { channels: NotificationChannel[]; optOut: boolean; telegramChatId: string | null; whatsappNumber: string | null };
  /** Channels the ISP has switched on; the others are shown but say so. */
  enabled: NotificationChannel[];
  readOnly: boolean;
};

/** Which channels a subscriber hears from the ISP on, their chat addresses, and their opt-out. */
export function PreferencesForm({ customerId, initial, enabled, readOnly }: Props) {
  const router = useRouter();
  const defaults: PreferencesInput = {
    customerId,
    channels: initial.channels,
    optOut: initial.optOut,
    telegramChatId: initial.telegramChatId ?? "",
    whatsappNumber: initial.whatsappNumber ?? "",
  };
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/notify/rules").then((m) => m.preferencesSchema),
    defaultValues: defaults,
    action: savePreferencesAction,
    successMessage: "Notification preferences saved.",
    onSuccess: () => router.refresh(),
  });
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-4">
      <fieldset disabled={readOnly} className="contents">
        <fieldset className="flex flex-col gap-2">
          <legend className="mb-1 text-sm font-medium">Send messages by</legend>
          {notificationChannels.map((channel) => (
            <CheckboxField
              key={channel}
              label={enabled.includes(channel) ? channelLabels[channel] : `${channelLabels[channel]} (switched off for your ISP)`}
              value={channel}
              {...form.register("channels")}
            />
          ))}
          {errorOf("channels") ? <p className="text-xs font-medium text-danger">{errorOf("channels")}</p> : null}
        </fieldset>
        <Field
          label="Telegram chat id"
          hint="The subscriber messages your bot first; the bot's updates show the id"
          error={errorOf("telegramChatId")}
        >
          <Input {...form.register("telegramChatId")} inputMode="numeric" autoComplete="off" />
        </Field>
        <Field label="WhatsApp number" hint="Leave empty to use the customer's phone" error={errorOf("whatsappNumber")}>
          <Input {...form.register("whatsappNumber")} inputMode="tel" autoComplete="off" />
        </Field>
        <CheckboxField label="Opted out: only suspension notices and links they ask for" {...form.register("optOut")} />
      </fieldset>
      {readOnly ? null : (
        <div>
          <Button type="submit" disabled={pending}>
            {pending ? "Saving…" : "Save preferences"}
          </Button>
        </div>
      )}
    </form>
  );
}
