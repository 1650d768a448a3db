"use client";
import { useRouter } from "next/navigation";
import type { UseFormRegister, UseFormRegisterReturn } from "react-hook-form";
import { saveGatewayAction } from "@/lib/payments/actions/save-gateway";
import type { GatewayView, PaypalSettingsInput, StripeSettingsInput } from "@/lib/payments/rules";
import { useActionForm } from "@/components/forms/use-action-form";
import { CheckboxField, Field } from "@/components/forms/field";
import { Input, NativeSelect } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { GatewayCopyField } from "@/components/billing/gateway-copy-field";

/** What saves a gateway: the ISP's own settings by default, or another tenant's (the NetSphere operator's gateways for ISPs' payments). */
export type SaveGateway = (input: Parameters<typeof saveGatewayAction>[0]) => ReturnType<typeof saveGatewayAction>;

/** Secrets are write-only: the field starts empty and says whether one is saved. */
const secretHint = (saved: boolean, what: string) =>
  saved ? `Saved. Leave blank to keep the saved ${what}.` : `Stored encrypted; never shown again after saving.`;
const secretPlaceholder = (saved: boolean) => (saved ? "•••• saved" : "");

export type CommonValues = { enabled: boolean; mode: "test" | "live"; apiBaseUrl: string };

export function CommonFields({
  register,
  errorOf,
  label,
  baseUrlHint,
}: {
  register: UseFormRegister<CommonValues>;
  errorOf: (name: string) => string | undefined;
  label: string;
  baseUrlHint: string;
}) {
  return (
    <>
      <div className="flex items-end pb-2">
        <CheckboxField label={`Accept payments with ${label}`} {...register("enabled")} />
      </div>
      <Field label="Mode" hint="Test mode charges nothing real" error={errorOf("mode")}>
        <NativeSelect {...register("mode")}>
          <option value="test">Test</option>
          <option value="live">Live</option>
        </NativeSelect>
      </Field>
      <Field label="API base URL (optional)" hint={baseUrlHint} error={errorOf("apiBaseUrl")} className="flex flex-col gap-1.5 sm:col-span-2">
        <Input {...register("apiBaseUrl")} autoComplete="off" inputMode="url" placeholder="Default" />
      </Field>
    </>
  );
}

export function SaveButton({ pending, label }: { pending: boolean; label: string }) {
  return (
    <div className="sm:col-span-2">
      <Button type="submit" disabled={pending}>
        {pending ? "Saving…" : `Save ${label} settings`}
      </Button>
    </div>
  );
}

export function StripeGatewayForm({ view, readOnly = false, save = saveGatewayAction }: { view: GatewayView; readOnly?: boolean; save?: SaveGateway }) {
  const router = useRouter();
  const initial: StripeSettingsInput = {
    provider: "stripe",
    enabled: view.configured ? view.enabled : true,
    mode: view.mode,
    publishableKey: view.publicId,
    secretKey: "",
    webhookSigningSecret: "",
    apiBaseUrl: view.apiBaseUrl,
  };
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/payments/rules").then((m) => m.stripeSettingsSchema),
    defaultValues: initial,
    action: save,
    successMessage: "Stripe settings saved.",
    onSuccess: () => {
      form.reset({ ...form.getValues(), secretKey: "", webhookSigningSecret: "" });
      router.refresh();
    },
  });
  const r = form.register;
  return (
    <form method="post" onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
      <fieldset disabled={readOnly} className="contents">
        <CommonFields
          register={r as unknown as UseFormRegister<CommonValues>}
          errorOf={errorOf}
          label="Stripe"
          baseUrlHint="Leave empty for api.stripe.com"
        />
        <Field
          label="Publishable key"
          hint="pk_test_… or pk_live_…"
          error={errorOf("publishableKey")}
          className="flex flex-col gap-1.5 sm:col-span-2"
        >
          <Input {...r("publishableKey")} autoComplete="off" spellCheck={false} />
        </Field>
        <SecretField label="Secret key" what="key" saved={view.secretSaved} error={errorOf("secretKey")} registration={r("secretKey")} />
        <SecretField
          label="Webhook signing secret"
          what="secret"
          saved={view.webhookSecretSaved}
          error={errorOf("webhookSigningSecret")}
          registration={r("webhookSigningSecret")}
        />
      </fieldset>
      <div className="sm:col-span-2">
        <GatewayCopyField
          label="Stripe webhook URL"
          value={view.webhookUrl}
          hint="In Stripe: Developers → Webhooks → Add endpoint, with the events checkout.session.completed, checkout.session.async_payment_succeeded, checkout.session.async_payment_failed and checkout.session.expired. Paste the signing secret it shows above."
        />
      </div>
      {readOnly ? null : <SaveButton pending={pending} label="Stripe" />}
    </form>
  );
}

export function PaypalGatewayForm({ view, readOnly = false, save = saveGatewayAction }: { view: GatewayView; readOnly?: boolean; save?: SaveGateway }) {
  const router = useRouter();
  const initial: PaypalSettingsInput = {
    provider: "paypal",
    enabled: view.configured ? view.enabled : true,
    mode: view.mode,
    clientId: view.publicId,
    clientSecret: "",
    webhookId: "",
    apiBaseUrl: view.apiBaseUrl,
  };
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/payments/rules").then((m) => m.paypalSettingsSchema),
    defaultValues: initial,
    action: save,
    successMessage: "PayPal settings saved.",
    onSuccess: () => {
      form.reset({ ...form.getValues(), clientSecret: "", webhookId: "" });
      router.refresh();
    },
  });
  const r = form.register;
  return (
    <form method="post" onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
      <fieldset disabled={readOnly} className="contents">
        <CommonFields
          register={r as unknown as UseFormRegister<CommonValues>}
          errorOf={errorOf}
          label="PayPal"
          baseUrlHint="Leave empty for PayPal's sandbox (test) or live API"
        />
        <Field label="Client id" error={errorOf("clientId")} className="flex flex-col gap-1.5 sm:col-span-2">
          <Input {...r("clientId")} autoComplete="off" spellCheck={false} />
        </Field>
        <SecretField label="Client secret" what="secret" saved={view.secretSaved} error={errorOf("clientSecret")} registration={r("clientSecret")} />
        <SecretField
          label="Webhook id"
          what="webhook id"
          saved={view.webhookSecretSaved}
          error={errorOf("webhookId")}
          registration={r("webhookId")}
        />
      </fieldset>
      <div className="sm:col-span-2">
        <GatewayCopyField
          label="PayPal webhook URL"
          value={view.webhookUrl}
          hint="In the PayPal developer dashboard: your app → Webhooks → Add webhook, with the event Payment capture completed. Paste the webhook id it shows above."
        />
      </div>
      {readOnly ? null : <SaveButton pending={pending} label="PayPal" />}
    </form>
  );
}

/** A write-only secret: "•••• saved" when one is stored; left blank, the stored one is kept. */
export function SecretField({
  label,
  what,
  saved,
  error,
  registration,
}: {
  label: string;
  what: string;
  saved: boolean;
  error?: string;
  registration: UseFormRegisterReturn;
}) {
  return (
    <Field label={label} hint={secretHint(saved, what)} error={error}>
      <Input type="password" {...registration} autoComplete="new-password" placeholder={secretPlaceholder(saved)} spellCheck={false} />
    </Field>
  );
}
