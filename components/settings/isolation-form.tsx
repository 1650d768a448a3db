"use client";
import { useRouter } from "next/navigation";
import { saveIsolationSettingsAction } from "@/lib/provisioning/actions/settings";
import type { IsolationSettings } from "@/lib/provisioning/forms";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Input, NativeSelect } from "@/components/ui/input";
import { Button } from "@/components/ui/button";

export function IsolationForm({ initial, readOnly = false }: { initial: IsolationSettings; readOnly?: boolean }) {
  const router = useRouter();
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/provisioning/forms").then((m) => m.isolationSettingsSchema),
    defaultValues: initial,
    action: saveIsolationSettingsAction,
    successMessage: "Suspension settings saved; your routers are being updated.",
    onSuccess: () => router.refresh(),
  });
  const r = form.register;
  return (
    <form method="post" onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
      <fieldset disabled={readOnly} className="contents">
        <Field label="Suspended subscribers are" error={errorOf("isolationMode")} className="flex flex-col gap-1.5 sm:col-span-2">
          <NativeSelect {...r("isolationMode")}>
            <option value="both">Moved to the isolation profile and listed in the address list</option>
            <option value="profile">Moved to the isolation profile only</option>
            <option value="address_list">Listed in the address list only (static IPs)</option>
          </NativeSelect>
        </Field>
        <Field label="Isolation profile" hint="PPP / hotspot profile NetSphere creates on each router" error={errorOf("isolationProfile")}>
          <Input {...r("isolationProfile")} autoComplete="off" />
        </Field>
        <Field label="Address list" hint="Firewall list your redirect rules match" error={errorOf("isolationAddressList")}>
          <Input {...r("isolationAddressList")} autoComplete="off" />
        </Field>
        <Field label="Speed while suspended" hint="Upload/download, e.g. 256k/256k" error={errorOf("isolationRateLimit")}>
          <Input {...r("isolationRateLimit")} autoComplete="off" />
        </Field>
      </fieldset>
      {readOnly ? null : (
        <div className="sm:col-span-2">
          <Button type="submit" disabled={pending}>
            {pending ? "Saving…" : "Save suspension settings"}
          </Button>
        </div>
      )}
    </form>
  );
}
