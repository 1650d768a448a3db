"use client";
import { useRouter } from "next/navigation";
import { saveAlertContactsAction } from "@/lib/auth/actions/save-alert-contacts";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { notificationChannels, type NotificationChannel } from "@/lib/notify/values";

const channelChoices = [
  { value: "email", label: "Email" },
  { value: "sms", label: "SMS" },
  { value: "telegram", label: "Telegram" },
  { value: "whatsapp", label: "WhatsApp" },
] as const;

type Values = { alertChannels: string[]; alertPhone: string; alertTelegramChatId: string };

/** How the signed-in staff member is told about incidents and SLA alerts. */
export function AlertContactsForm({ initial, enabled }: { initial: Values; enabled: string[] }) {
  const router = useRouter();
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/auth/alert-contact-rules").then((m) => m.alertContactsSchema),
    defaultValues: { ...initial, alertChannels: initial.alertChannels.filter((c): c is NotificationChannel => (notificationChannels as readonly string[]).includes(c)) },
    action: saveAlertContactsAction,
    successMessage: () => "Your alert contacts are saved.",
    onSuccess: () => router.refresh(),
  });
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-4">
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium">Reach me by</legend>
        <div className="flex flex-wrap gap-x-5 gap-y-2">
          {channelChoices.map((choice) => (
            <label key={choice.value} className="flex items-center gap-2 text-sm">
              <input type="checkbox" value={choice.value} className="size-4" {...form.register("alertChannels")} />
              {choice.label}
              {enabled.includes(choice.value) ? null : <span className="text-muted-foreground">(not set up by your ISP)</span>}
            </label>
          ))}
        </div>
        {errorOf("alertChannels") ? (
          <p role="alert" className="text-sm text-destructive">
            {errorOf("alertChannels")}
          </p>
        ) : null}
      </fieldset>
      <Field label="Mobile number (SMS, WhatsApp)" error={errorOf("alertPhone")}>
        <Input type="tel" autoComplete="tel" placeholder="0917 123 4567" {...form.register("alertPhone")} />
      </Field>
      <Field label="Telegram chat ID" error={errorOf("alertTelegramChatId")}>
        <Input inputMode="numeric" {...form.register("alertTelegramChatId")} />
      </Field>
      <div>
        <Button type="submit" disabled={pending}>
          Save alert contacts
        </Button>
      </div>
    </form>
  );
}
