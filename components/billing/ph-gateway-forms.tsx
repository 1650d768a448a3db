"use client";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { toast } from "sonner";
import type { UseFormRegister, UseFormRegisterReturn } from "react-hook-form";
import { saveGatewayAction } from "@/lib/payments/actions/save-gateway";
import { registerWebhookAction } from "@/lib/payments/actions/register-webhook";
import { methodsOf, onlineMethodLabels, providerLabels } from "@/lib/payments/values";
import type { GatewayView, PaymongoSettingsInput, XenditSettingsInput } from "@/lib/payments/rules";
import { useActionForm } from "@/components/forms/use-action-form";
import { CheckboxField, Field } from "@/components/forms/field";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { GatewayCopyField } from "@/components/billing/gateway-copy-field";
import { CommonFields, SaveButton, SecretField, type CommonValues, type SaveGateway } from "@/components/billing/gateway-forms";

/** The ways to pay a gateway carries; one another gateway already offers is shown but cannot be ticked here. */
function MethodChoices({ view, registration, error }: { view: GatewayView; registration: UseFormRegisterReturn; error?: string }) {
  return (
    <fieldset className="flex flex-col gap-2 sm:col-span-2" aria-describedby={error ? `${view.provider}-methods-error` : undefined}>
      <legend className="mb-1 text-sm font-medium">Ways to pay offered through {providerLabels[view.provider]}</legend>
      <div className="flex flex-wrap gap-x-5 gap-y-2">
        {methodsOf[view.provider].map((method) => {
          const taken = view.methodsTaken[method];
          return (
            <CheckboxField
              key={method}
              label={taken ? `${onlineMethodLabels[method]} (through ${providerLabels[taken]})` : onlineMethodLabels[method]}
              value={method}
              disabled={!!taken}
              {...registration}
            />
          );
        })}
      </div>
      {error ? (
        <p id={`${view.provider}-methods-error`} className="text-sm text-danger">
          {error}
        </p>
      ) : null}
    </fieldset>
  );
}

/** What registers NetSphere's webhook endpoint on PayMongo for the tenant whose settings these are. */
export type RegisterWebhook = (input: { provider: "paymongo" }) => ReturnType<typeof registerWebhookAction>;

export function PaymongoGatewayForm({
  view,
  readOnly = false,
  save = saveGatewayAction,
  registerWebhook = registerWebhookAction,
}: {
  view: GatewayView;
  readOnly?: boolean;
  save?: SaveGateway;
  registerWebhook?: RegisterWebhook;
}) {
  const router = useRouter();
  const [registering, startRegistering] = useTransition();
  const initial: PaymongoSettingsInput = {
    provider: "paymongo",
    enabled: view.configured ? view.enabled : true,
    mode: view.mode,
    publicKey: view.publicId,
    secretKey: "",
    webhookSecret: "",
    methods: view.configured ? view.methods : ["gcash", "maya", "qrph"],
    apiBaseUrl: view.apiBaseUrl,
  };
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/payments/rules").then((m) => m.paymongoSettingsSchema),
    defaultValues: initial,
    action: save,
    successMessage: "PayMongo settings saved.",
    onSuccess: () => {
      form.reset({ ...form.getValues(), secretKey: "", webhookSecret: "" });
      router.refresh();
    },
  });
  const register = () =>
    startRegistering(async () => {
      const result = await registerWebhook({ provider: "paymongo" });
      if (!result.ok) toast.error(result.message);
      else {
        toast.success("Webhook registered on PayMongo; its secret is saved.");
        router.refresh();
      }
    });
  const r = form.register;
  return (
    <form method="post" onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
      <fieldset disabled={readOnly} className="contents">
        <CommonFields register={r as unknown as UseFormRegister<CommonValues>} errorOf={errorOf} label="PayMongo" baseUrlHint="Leave empty for api.paymongo.com" />
        <MethodChoices view={view} registration={r("methods")} error={errorOf("methods")} />
        <Field label="Public key" hint="pk_test_… or pk_live_…" error={errorOf("publicKey")} className="flex flex-col gap-1.5 sm:col-span-2">
          <Input {...r("publicKey")} autoComplete="off" spellCheck={false} />
        </Field>
        <SecretField label="Secret key" what="key" saved={view.secretSaved} error={errorOf("secretKey")} registration={r("secretKey")} />
        <SecretField label="Webhook secret" what="secret" saved={view.webhookSecretSaved} error={errorOf("webhookSecret")} registration={r("webhookSecret")} />
      </fieldset>
      <div className="flex flex-col gap-2 sm:col-span-2">
        <GatewayCopyField
          label="PayMongo webhook URL"
          value={view.webhookUrl}
          hint={
            view.webhookRegistered
              ? "Registered on PayMongo by NetSphere. Register again only to get a new secret."
              : "Save the secret key first, then register the webhook here (NetSphere keeps the secret PayMongo returns), or add it in the PayMongo dashboard and paste its secret above."
          }
        />
        {readOnly ? null : (
          <Button type="button" variant="outline" className="self-start" disabled={registering || !view.secretSaved} onClick={register}>
            {registering ? "Registering…" : view.webhookRegistered ? "Register the webhook again" : "Register the webhook on PayMongo"}
          </Button>
        )}
      </div>
      {readOnly ? null : <SaveButton pending={pending} label="PayMongo" />}
    </form>
  );
}

export function XenditGatewayForm({ view, readOnly = false, save = saveGatewayAction }: { view: GatewayView; readOnly?: boolean; save?: SaveGateway }) {
  const router = useRouter();
  const initial: XenditSettingsInput = {
    provider: "xendit",
    enabled: view.configured ? view.enabled : true,
    mode: view.mode,
    secretKey: "",
    callbackToken: "",
    methods: view.configured ? view.methods : ["gcash", "maya", "qrph"].filter((m) => !view.methodsTaken[m as keyof typeof view.methodsTaken]) as XenditSettingsInput["methods"],
    apiBaseUrl: view.apiBaseUrl,
  };
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/payments/rules").then((m) => m.xenditSettingsSchema),
    defaultValues: initial,
    action: save,
    successMessage: "Xendit settings saved.",
    onSuccess: () => {
      form.reset({ ...form.getValues(), secretKey: "", callbackToken: "" });
      router.refresh();
    },
  });
  const r = form.register;
  return (
    <form method="post" onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
      <fieldset disabled={readOnly} className="contents">
        <CommonFields register={r as unknown as UseFormRegister<CommonValues>} errorOf={errorOf} label="Xendit" baseUrlHint="Leave empty for api.xendit.co" />
        <MethodChoices view={view} registration={r("methods")} error={errorOf("methods")} />
        <SecretField label="Secret key" what="key" saved={view.secretSaved} error={errorOf("secretKey")} registration={r("secretKey")} />
        <SecretField
          label="Callback verification token"
          what="token"
          saved={view.webhookSecretSaved}
          error={errorOf("callbackToken")}
          registration={r("callbackToken")}
        />
      </fieldset>
      <div className="sm:col-span-2">
        <GatewayCopyField
          label="Xendit callback URL"
          value={view.webhookUrl}
          hint="In the Xendit dashboard: Settings → Callbacks. Use this URL for invoices paid, QR code payments and refunds, and paste the verification token shown there above."
        />
      </div>
      {readOnly ? null : <SaveButton pending={pending} label="Xendit" />}
    </form>
  );
}
