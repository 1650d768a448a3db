"use client";
import { sendTestMessageAction } from "@/lib/notify/actions/channels";
import { channelLabels } from "@/lib/notify/events";
import type { NotificationChannel } from "@/lib/notify/schema";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";

const targets: Record<NotificationChannel, { label: string; hint: string; inputMode: "email" | "tel" | "numeric" }> = {
  email: { label: "Email address", hint: "Without SMTP_URL the test lands in the Dev mailbox.", inputMode: "email" },
  sms: { label: "Mobile number", hint: "Sends one SMS with the saved provider settings.", inputMode: "tel" },
  telegram: { label: "Chat id", hint: "Message your bot first; the chat id is in its getUpdates.", inputMode: "numeric" },
  whatsapp: {
    label: "WhatsApp number",
    hint: "WhatsApp delivers free text only within 24 hours of the person's last message to you.",
    inputMode: "tel",
  },
};

/** Sends one message through the channel with the saved settings and shows the provider's answer. */
export function TestMessageForm({ channel, ready }: { channel: NotificationChannel; ready: boolean }) {
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/notify/rules").then((m) => m.testMessageSchema),
    defaultValues: { channel, to: "" },
    action: sendTestMessageAction,
    successMessage: (sent) => `Test ${channelLabels[channel]} message sent to ${sent.to}.`,
  });
  const target = targets[channel];
  return (
    <form method="post" onSubmit={submit} noValidate className="mt-4 flex flex-wrap items-end gap-3 border-t pt-4">
      <Field
        label={`Send a test: ${target.label.toLowerCase()}`}
        hint={ready ? target.hint : "Save the settings first."}
        error={errorOf("to")}
        className="flex min-w-0 flex-1 flex-col gap-1.5"
      >
        <Input {...form.register("to")} inputMode={target.inputMode} autoComplete="off" disabled={!ready} />
      </Field>
      <Button type="submit" variant="outline" disabled={pending || !ready}>
        {pending ? "Sending…" : "Send test message"}
      </Button>
    </form>
  );
}
