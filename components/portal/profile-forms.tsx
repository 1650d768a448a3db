"use client";
import { useRouter } from "next/navigation";
import { Controller } from "react-hook-form";
import { changePortalPasswordAction, savePortalPreferencesAction, updatePortalContactAction } from "@/lib/portal/actions/profile";
import { changePasswordSchema, contactSchema, MIN_PASSWORD, preferencesSchema, type PreferencesInput } from "@/lib/portal/rules";
import { channelLabels } from "@/lib/notify/events";
import { notificationChannels } from "@/lib/notify/values";
import { useActionForm } from "@/components/forms/use-action-form";
import { CheckboxField, Field } from "@/components/forms/field";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";

/** Email and phone, the two contact details a subscriber keeps up to date themselves. */
export function ContactForm({ email, phone }: { email: string; phone: string }) {
  const router = useRouter();
  const { form, submit, pending, errorOf } = useActionForm({
    schema: contactSchema,
    defaultValues: { email, phone },
    action: updatePortalContactAction,
    successMessage: "Contact details saved.",
    onSuccess: () => router.refresh(),
  });
  return (
    <form method="post" onSubmit={submit} className="flex flex-col gap-4" noValidate>
      <Field label="Email" hint="Bills, receipts and sign-in links are sent here." error={errorOf("email")}>
        <Input type="email" autoComplete="email" {...form.register("email")} />
      </Field>
      <Field label="Mobile number" error={errorOf("phone")}>
        <Input type="tel" autoComplete="tel" {...form.register("phone")} />
      </Field>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save contact details"}
        </Button>
      </div>
    </form>
  );
}

export function ChangePasswordForm() {
  const { form, submit, pending, errorOf } = useActionForm({
    schema: changePasswordSchema,
    defaultValues: { current: "", password: "", confirm: "" },
    action: changePortalPasswordAction,
    successMessage: "Password changed. Other devices were signed out.",
    onSuccess: () => form.reset(),
  });
  return (
    <form method="post" onSubmit={submit} className="flex flex-col gap-4" noValidate>
      <Field label="Current password" error={errorOf("current")}>
        <Input type="password" autoComplete="current-password" {...form.register("current")} />
      </Field>
      <Field label="New password" hint={`At least ${MIN_PASSWORD} characters`} error={errorOf("password")}>
        <Input type="password" autoComplete="new-password" {...form.register("password")} />
      </Field>
      <Field label="Type the new password again" error={errorOf("confirm")}>
        <Input type="password" autoComplete="new-password" {...form.register("confirm")} />
      </Field>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Changing…" : "Change password"}
        </Button>
      </div>
    </form>
  );
}

/** Where the ISP's messages go (bills, reminders, ticket updates), or none but the notices it must send. */
export function PreferencesForm({ initial }: { initial: PreferencesInput }) {
  const { form, submit, pending, errorOf } = useActionForm({
    schema: preferencesSchema,
    defaultValues: initial,
    action: savePortalPreferencesAction,
    successMessage: "Notification settings saved.",
  });
  return (
    <form method="post" onSubmit={submit} className="flex flex-col gap-4" noValidate>
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium">Send me messages by</legend>
        <Controller
          control={form.control}
          name="channels"
          render={({ field }) => (
            <>
              {notificationChannels.map((channel) => (
                <CheckboxField
                  key={channel}
                  label={channelLabels[channel]}
                  checked={field.value?.includes(channel) ?? false}
                  onChange={(event) =>
                    field.onChange(event.target.checked ? [...(field.value ?? []), channel] : (field.value ?? []).filter((c) => c !== channel))
                  }
                />
              ))}
            </>
          )}
        />
      </fieldset>
      <Field
        label="Telegram chat id"
        hint="Needed for Telegram: send /start to our bot, it replies with your chat id."
        error={errorOf("telegramChatId")}
      >
        <Input inputMode="numeric" {...form.register("telegramChatId")} />
      </Field>
      <Field label="WhatsApp number" hint="With country code, like +639171234567." error={errorOf("whatsappNumber")}>
        <Input type="tel" {...form.register("whatsappNumber")} />
      </Field>
      <CheckboxField label="Stop all messages except service suspension notices" {...form.register("optOut")} />
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save notification settings"}
        </Button>
      </div>
    </form>
  );
}
