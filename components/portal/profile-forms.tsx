"use client";
import { useRouter } from "next/navigation";
import { changePortalPasswordAction, savePortalPreferencesAction, updatePortalContactAction } from "@/lib/portal/actions/profile";
import { MIN_PASSWORD } from "@/lib/portal/values";
import { CheckboxField, Field } from "@/components/forms/field";
import { inputClassName } from "@/components/ui/classes";
import { SubmitButton } from "@/components/forms/submit-button";
import { textFields, usePlainForm } from "@/components/forms/use-plain-form";

/** Email and phone, the two contact details a subscriber keeps up to date themselves. */
export function ContactForm({ email, phone }: { email: string; phone: string }) {
  const router = useRouter();
  const { submit, pending, errorOf } = usePlainForm({
    action: updatePortalContactAction,
    toInput: (fields) => textFields(fields, ["email", "phone"]),
    successMessage: "Contact details saved.",
    onSuccess: () => router.refresh(),
  });
  return (
    <form method="post" onSubmit={submit} className="flex flex-col gap-4" noValidate>
      <Field label="Email" hint="Bills, receipts and sign-in links are sent here." error={errorOf("email")}>
        <input name="email" type="email" className={inputClassName} autoComplete="email" defaultValue={email} />
      </Field>
      <Field label="Mobile number" error={errorOf("phone")}>
        <input name="phone" type="tel" className={inputClassName} autoComplete="tel" defaultValue={phone} />
      </Field>
      <div>
        <SubmitButton pending={pending} pendingLabel="Saving…">
          Save contact details
        </SubmitButton>
      </div>
    </form>
  );
}

export function ChangePasswordForm() {
  const { submit, pending, errorOf } = usePlainForm({
    action: changePortalPasswordAction,
    toInput: (fields) => textFields(fields, ["current", "password", "confirm"]),
    successMessage: "Password changed. Other devices were signed out.",
    onSuccess: (_, form) => form.reset(),
  });
  return (
    <form method="post" onSubmit={submit} className="flex flex-col gap-4" noValidate>
      <Field label="Current password" error={errorOf("current")}>
        <input name="current" type="password" className={inputClassName} autoComplete="current-password" />
      </Field>
      <Field label="New password" hint={`At least ${MIN_PASSWORD} characters`} error={errorOf("password")}>
        <input name="password" type="password" className={inputClassName} autoComplete="new-password" />
      </Field>
      <Field label="Type the new password again" error={errorOf("confirm")}>
        <input name="confirm" type="password" className={inputClassName} autoComplete="new-password" />
      </Field>
      <div>
        <SubmitButton pending={pending} pendingLabel="Changing…">
          Change password
        </SubmitButton>
      </div>
    </form>
  );
}

export type Preferences = Parameters<typeof savePortalPreferencesAction>[0];
type Channel = Preferences["channels"][number];

/**
 * Where the ISP's messages go (bills, reminders, ticket updates), or none but the notices it must send. The page
 * passes the channels and their labels.
 */
export function PreferencesForm({ initial, channels }: { initial: Preferences; channels: { value: Channel; label: string }[] }) {
  const { submit, pending, errorOf } = usePlainForm({
    action: savePortalPreferencesAction,
    toInput: (fields) => ({
      ...textFields(fields, ["telegramChatId", "whatsappNumber"]),
      channels: fields.getAll("channels").map(String) as Channel[],
      optOut: fields.has("optOut"),
    }),
    successMessage: "Notification settings saved.",
  });
  return (
    <form method="post" onSubmit={submit} className="flex flex-col gap-4" noValidate>
      <fieldset className="flex flex-col gap-2">
        <legend className="mb-1 text-sm font-medium">Send me messages by</legend>
        {channels.map((channel) => (
          <CheckboxField
            key={channel.value}
            name="channels"
            value={channel.value}
            label={channel.label}
            defaultChecked={initial.channels.includes(channel.value)}
          />
        ))}
      </fieldset>
      <Field
        label="Telegram chat id"
        hint="Needed for Telegram: send /start to our bot, it replies with your chat id."
        error={errorOf("telegramChatId")}
      >
        <input name="telegramChatId" className={inputClassName} inputMode="numeric" defaultValue={initial.telegramChatId} />
      </Field>
      <Field label="WhatsApp number" hint="With country code, like +639171234567." error={errorOf("whatsappNumber")}>
        <input name="whatsappNumber" type="tel" className={inputClassName} defaultValue={initial.whatsappNumber} />
      </Field>
      <CheckboxField label="Stop all messages except service suspension notices" name="optOut" defaultChecked={initial.optOut} />
      <div>
        <SubmitButton pending={pending} pendingLabel="Saving…">
          Save notification settings
        </SubmitButton>
      </div>
    </form>
  );
}
