"use client";
import { useRouter } from "next/navigation";
import type { FieldValues } from "react-hook-form";
import type { z } from "zod";
import { saveChannelSettingsAction } from "@/lib/notify/actions/channels";
import type { ChannelView, SmsChannelInput, TelegramChannelInput, WhatsappChannelInput } from "@/lib/notify/rules";
import { smsPresets, smsProviders, TELEGRAM_BASE_URL, WHATSAPP_API_VERSION, WHATSAPP_BASE_URL } from "@/lib/notify/values";
import { channelLabels } from "@/lib/notify/events";
import { useActionForm } from "@/components/forms/use-action-form";
import { CheckboxField, Field } from "@/components/forms/field";
import { Input, NativeSelect } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { SecretField } from "@/components/billing/gateway-forms";

/**
 * One channel's form: saved through the one action; a typed secret is cleared after saving (write-only). The
 * schema comes from `loadSchema` when the browser is idle, so zod stays out of the settings page's first load.
 */
function useChannelForm<S extends z.ZodType<FieldValues, FieldValues>>(loadSchema: () => Promise<S>, initial: z.input<S>, secret?: string) {
  const router = useRouter();
  const result = useActionForm({
    loadSchema,
    defaultValues: initial as never,
    action: saveChannelSettingsAction,
    successMessage: (saved: { channel: keyof typeof channelLabels; enabled: boolean }) =>
      `${channelLabels[saved.channel]} settings saved${saved.enabled ? "" : " (switched off)"}.`,
    onSuccess: () => {
      if (secret) result.form.reset({ ...result.form.getValues(), [secret]: "" });
      router.refresh();
    },
  });
  return result;
}

function SaveButton({ pending, label }: { pending: boolean; label: string }) {
  return (
    <div className="sm:col-span-2">
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : `Save ${label} settings`}
      </Button>
    </div>
  );
}

const wide = "flex flex-col gap-1.5 sm:col-span-2";

export function EmailChannelForm({ view }: { view: ChannelView }) {
  const { form, submit, pending } = useChannelForm(() => import("@/lib/notify/rules").then((m) => m.emailChannelSchema), {
    channel: "email",
    enabled: view.enabled,
  });
  return (
    <form method="post" onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
      <div className="sm:col-span-2">
        <CheckboxField label="Send email to subscribers" {...form.register("enabled")} />
      </div>
      <SaveButton pending={pending} label="email" />
    </form>
  );
}

export function SmsChannelForm({ view }: { view: ChannelView }) {
  const initial: SmsChannelInput = {
    channel: "sms",
    enabled: view.enabled,
    provider: view.config.provider === "generic" ? "generic" : "semaphore",
    baseUrl: view.config.baseUrl ?? "",
    senderName: view.config.senderName ?? "",
    apiKey: "",
  };
  const { form, submit, pending, errorOf } = useChannelForm(() => import("@/lib/notify/rules").then((m) => m.smsChannelSchema), initial, "apiKey");
  const provider = form.watch("provider") ?? "semaphore";
  return (
    <form method="post" onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
      <div className="sm:col-span-2">
        <CheckboxField label="Send SMS to subscribers" {...form.register("enabled")} />
      </div>
      <Field label="Provider" hint={smsPresets[provider].hint} error={errorOf("provider")} className={wide}>
        <NativeSelect {...form.register("provider")}>
          {smsProviders.map((p) => (
            <option key={p} value={p}>
              {smsPresets[p].label}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field
        label={provider === "generic" ? "Base URL" : "Base URL (optional)"}
        hint={provider === "generic" ? "Your provider's API address" : `Leave empty for ${smsPresets.semaphore.baseUrl}`}
        error={errorOf("baseUrl")}
        className={wide}
      >
        <Input
          {...form.register("baseUrl")}
          inputMode="url"
          autoComplete="off"
          spellCheck={false}
          placeholder={smsPresets[provider].baseUrl || "https://"}
        />
      </Field>
      <Field label="Sender name" hint="Up to 11 letters or digits, as approved by the provider" error={errorOf("senderName")}>
        <Input {...form.register("senderName")} autoComplete="off" />
      </Field>
      <SecretField label="API key" what="key" saved={view.secretSaved} error={errorOf("apiKey")} registration={form.register("apiKey")} />
      <SaveButton pending={pending} label="SMS" />
    </form>
  );
}

export function TelegramChannelForm({ view }: { view: ChannelView }) {
  const initial: TelegramChannelInput = { channel: "telegram", enabled: view.enabled, baseUrl: view.config.baseUrl ?? "", botToken: "" };
  const { form, submit, pending, errorOf } = useChannelForm(
    () => import("@/lib/notify/rules").then((m) => m.telegramChannelSchema),
    initial,
    "botToken",
  );
  return (
    <form method="post" onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
      <div className="sm:col-span-2">
        <CheckboxField label="Send Telegram messages to subscribers" {...form.register("enabled")} />
      </div>
      <SecretField label="Bot token" what="token" saved={view.secretSaved} error={errorOf("botToken")} registration={form.register("botToken")} />
      <Field label="API base URL (optional)" hint={`Leave empty for ${TELEGRAM_BASE_URL}`} error={errorOf("baseUrl")}>
        <Input {...form.register("baseUrl")} inputMode="url" autoComplete="off" spellCheck={false} placeholder={TELEGRAM_BASE_URL} />
      </Field>
      <SaveButton pending={pending} label="Telegram" />
    </form>
  );
}

export function WhatsappChannelForm({ view }: { view: ChannelView }) {
  const initial: WhatsappChannelInput = {
    channel: "whatsapp",
    enabled: view.enabled,
    baseUrl: view.config.baseUrl ?? "",
    apiVersion: view.config.apiVersion ?? "",
    phoneNumberId: view.config.phoneNumberId ?? "",
    accessToken: "",
  };
  const { form, submit, pending, errorOf } = useChannelForm(
    () => import("@/lib/notify/rules").then((m) => m.whatsappChannelSchema),
    initial,
    "accessToken",
  );
  return (
    <form method="post" onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
      <div className="sm:col-span-2">
        <CheckboxField label="Send WhatsApp messages to subscribers" {...form.register("enabled")} />
      </div>
      <Field label="Phone number id" hint="WhatsApp Manager → API setup" error={errorOf("phoneNumberId")}>
        <Input {...form.register("phoneNumberId")} inputMode="numeric" autoComplete="off" />
      </Field>
      <SecretField
        label="Access token"
        what="token"
        saved={view.secretSaved}
        error={errorOf("accessToken")}
        registration={form.register("accessToken")}
      />
      <Field label="Graph API version (optional)" hint={`Leave empty for ${WHATSAPP_API_VERSION}`} error={errorOf("apiVersion")}>
        <Input {...form.register("apiVersion")} autoComplete="off" placeholder={WHATSAPP_API_VERSION} />
      </Field>
      <Field label="API base URL (optional)" hint={`Leave empty for ${WHATSAPP_BASE_URL}`} error={errorOf("baseUrl")}>
        <Input {...form.register("baseUrl")} inputMode="url" autoComplete="off" spellCheck={false} placeholder={WHATSAPP_BASE_URL} />
      </Field>
      <SaveButton pending={pending} label="WhatsApp" />
    </form>
  );
}
