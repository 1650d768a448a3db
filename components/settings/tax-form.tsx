"use client";
import { useRouter } from "next/navigation";
import { saveTaxSettings } from "@/lib/tenants/actions/settings";
import type { TaxSettingsInput } from "@/lib/tenants/rules";
import { currencies } from "@/lib/tenants/values";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Input, NativeSelect } from "@/components/ui/input";
import { Button } from "@/components/ui/button";

const timezones = ["Asia/Manila", "Asia/Singapore", "Asia/Jakarta", "Asia/Kuala_Lumpur", "Asia/Bangkok", "Asia/Ho_Chi_Minh", "UTC"];

export function TaxForm({ initial, onboarding = false, readOnly = false }: { initial: TaxSettingsInput; onboarding?: boolean; readOnly?: boolean }) {
  const router = useRouter();
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/tenants/rules").then((m) => m.taxSettingsSchema),
    defaultValues: initial,
    action: saveTaxSettings,
    toInput: (tax) => ({ tax, onboarding }),
    successMessage: "Currency and tax settings saved.",
    onSuccess: (d: { next: string | null }) => (d.next ? router.push(`/onboarding?step=${d.next}`) : router.refresh()),
  });
  const r = form.register;
  return (
    <form method="post" onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
      <fieldset disabled={readOnly} className="contents">
        <Field label="Currency" error={errorOf("currency")}>
          <NativeSelect {...r("currency")}>
            {currencies.map((c) => (
              <option key={c} value={c}>
                {c === "PHP" ? "PHP — Philippine peso (₱)" : c}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <Field label="Time zone" error={errorOf("timezone")}>
          <NativeSelect {...r("timezone")}>
            {timezones.map((t) => (
              <option key={t}>{t}</option>
            ))}
          </NativeSelect>
        </Field>
        <Field label="VAT rate (%)" hint="12% in the Philippines; 0 if you are not VAT-registered" error={errorOf("vatRatePercent")}>
          <Input inputMode="decimal" {...r("vatRatePercent")} />
        </Field>
        <Field label="Prices are" error={errorOf("taxInclusive")}>
          <NativeSelect
            value={form.watch("taxInclusive") ? "inclusive" : "exclusive"}
            onChange={(e) => form.setValue("taxInclusive", e.target.value === "inclusive", { shouldDirty: true })}
          >
            <option value="inclusive">VAT-inclusive (price already includes VAT)</option>
            <option value="exclusive">VAT-exclusive (VAT added on the invoice)</option>
          </NativeSelect>
        </Field>
        <Field label="Invoice number prefix" hint="Invoices read INV-2026-000123" error={errorOf("invoicePrefix")}>
          <Input {...r("invoicePrefix")} />
        </Field>
        <Field label="Account number prefix" hint="Accounts read ACC-000042" error={errorOf("accountPrefix")}>
          <Input {...r("accountPrefix")} />
        </Field>
      </fieldset>
      {readOnly ? null : (
        <div className="sm:col-span-2">
          <Button type="submit" disabled={pending}>
            {onboarding ? "Save and continue" : "Save currency and tax"}
          </Button>
        </div>
      )}
    </form>
  );
}
