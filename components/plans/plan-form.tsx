"use client";
import { useRouter } from "next/navigation";
import { createPlanAction, updatePlanAction } from "@/lib/plans/actions/save-plan";
import type { PlanFormValues } from "@/lib/plans/rules";
import { quotaActionLabels, quotaActions } from "@/lib/quotas/values";
import { useActionForm } from "@/components/forms/use-action-form";
import { CheckboxField, Field } from "@/components/forms/field";
import { Input, NativeSelect } from "@/components/ui/input";
import { Button } from "@/components/ui/button";

export const emptyPlan: PlanFormValues = {
  name: "",
  type: "pppoe",
  downloadMbps: "" as unknown as number,
  uploadMbps: "" as unknown as number,
  burstDownloadMbps: "",
  burstUploadMbps: "",
  burstThresholdDownloadMbps: "",
  burstThresholdUploadMbps: "",
  burstTimeSeconds: "",
  price: "",
  taxInclusive: true,
  taxClassId: "",
  billingCycle: "monthly",
  active: true,
  quotaGb: "",
  quotaDirection: "total",
  quotaAction: "throttle",
  quotaThrottleRate: "",
  quotaProfile: "",
};

const countsLabels = { total: "Download and upload", download: "Download only", upload: "Upload only" } as const;

/** Create or edit a service plan; `onSaved` lets the onboarding wizard stay on its page. */
export function PlanForm({
  planId,
  initial = emptyPlan,
  onSaved,
  taxClasses = [],
}: {
  planId?: string;
  initial?: PlanFormValues;
  onSaved?: () => void;
  taxClasses?: { id: string; name: string }[];
}) {
  const router = useRouter();
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/plans/rules").then((m) => m.planFieldsSchema),
    defaultValues: initial,
    action: planId ? updatePlanAction : createPlanAction,
    toInput: (values) => (planId ? { planId, plan: values } : values),
    successMessage: (d: { name: string }) => `Plan "${d.name}" saved.`,
    onSuccess: () => {
      if (onSaved) {
        form.reset(emptyPlan);
        onSaved();
      } else router.push("/plans");
      router.refresh();
    },
  });
  const r = form.register;
  const capped = String(form.watch("quotaGb") ?? "").trim() !== "";
  const capAction = form.watch("quotaAction");
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-5">
      <div className="grid gap-4 sm:grid-cols-3">
        <Field label="Plan name" error={errorOf("name")} className="flex flex-col gap-1.5 sm:col-span-2">
          <Input placeholder="Fiber 50" {...r("name")} />
        </Field>
        <Field label="Type" error={errorOf("type")}>
          <NativeSelect {...r("type")}>
            <option value="pppoe">PPPoE</option>
            <option value="hotspot">Hotspot</option>
            <option value="static">Static IP</option>
          </NativeSelect>
        </Field>
        <Field label="Download (Mbps)" error={errorOf("downloadMbps")}>
          <Input inputMode="decimal" {...r("downloadMbps")} />
        </Field>
        <Field label="Upload (Mbps)" error={errorOf("uploadMbps")}>
          <Input inputMode="decimal" {...r("uploadMbps")} />
        </Field>
        <Field label="Monthly price (₱)" hint="e.g. 1299.00" error={errorOf("price")}>
          <Input inputMode="decimal" {...r("price")} />
        </Field>
        <Field label="Billing cycle" error={errorOf("billingCycle")}>
          <NativeSelect {...r("billingCycle")}>
            <option value="monthly">Monthly</option>
            <option value="quarterly">Quarterly</option>
            <option value="semiannual">Every 6 months</option>
            <option value="annual">Yearly</option>
          </NativeSelect>
        </Field>
        <Field label="VAT" hint="Tax classes are set up under Billing → Settings" error={errorOf("taxClassId")}>
          <NativeSelect {...r("taxClassId")}>
            <option value="">The ISP&apos;s VAT rate</option>
            {taxClasses.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </NativeSelect>
        </Field>
        <div className="flex flex-col justify-end gap-2 sm:col-span-2">
          <CheckboxField label="Price includes VAT" {...r("taxInclusive")} />
          <CheckboxField label="Active (offered to new subscribers)" {...r("active")} />
        </div>
      </div>
      <fieldset className="rounded-md border p-4">
        <legend className="px-1 text-sm font-semibold">Burst (optional)</legend>
        <p className="mb-3 text-xs text-muted-foreground">
          Let subscribers exceed their speed briefly: above the threshold average, the burst limit applies for the burst time.
        </p>
        <div className="grid gap-4 sm:grid-cols-3">
          <Field label="Burst download (Mbps)" error={errorOf("burstDownloadMbps")}>
            <Input inputMode="decimal" {...r("burstDownloadMbps")} />
          </Field>
          <Field label="Burst upload (Mbps)" error={errorOf("burstUploadMbps")}>
            <Input inputMode="decimal" {...r("burstUploadMbps")} />
          </Field>
          <Field label="Burst time (seconds)" error={errorOf("burstTimeSeconds")}>
            <Input inputMode="numeric" {...r("burstTimeSeconds")} />
          </Field>
          <Field label="Threshold download (Mbps)" error={errorOf("burstThresholdDownloadMbps")}>
            <Input inputMode="decimal" {...r("burstThresholdDownloadMbps")} />
          </Field>
          <Field label="Threshold upload (Mbps)" error={errorOf("burstThresholdUploadMbps")}>
            <Input inputMode="decimal" {...r("burstThresholdUploadMbps")} />
          </Field>
        </div>
      </fieldset>
      <fieldset className="rounded-md border p-4">
        <legend className="px-1 text-sm font-semibold">Data cap (fair use)</legend>
        <p className="mb-3 text-xs text-muted-foreground">
          An allowance per billing cycle, renewed when the bill is. Subscribers are told at 80 % and at the cap, and can buy more data in the portal.
        </p>
        <div className="grid gap-4 sm:grid-cols-3">
          <Field label="Data allowance per billing cycle (GB)" hint="Blank = unlimited; renews when the bill does. 1 GB = 1,000,000,000 bytes" error={errorOf("quotaGb")}>
            <Input inputMode="decimal" autoComplete="off" {...r("quotaGb")} />
          </Field>
          {capped ? (
            <>
              <Field label="Counts" error={errorOf("quotaDirection")}>
                <NativeSelect {...r("quotaDirection")}>
                  {(Object.keys(countsLabels) as (keyof typeof countsLabels)[]).map((direction) => (
                    <option key={direction} value={direction}>
                      {countsLabels[direction]}
                    </option>
                  ))}
                </NativeSelect>
              </Field>
              <Field label="At the cap" error={errorOf("quotaAction")}>
                <NativeSelect {...r("quotaAction")}>
                  {quotaActions.map((action) => (
                    <option key={action} value={action}>
                      {quotaActionLabels[action]}
                    </option>
                  ))}
                </NativeSelect>
              </Field>
              {capAction === "throttle" ? (
                <Field label="Speed at the cap" hint="upload/download as the router writes it, e.g. 2M/2M" error={errorOf("quotaThrottleRate")}>
                  <Input autoComplete="off" spellCheck={false} placeholder="2M/2M" {...r("quotaThrottleRate")} />
                </Field>
              ) : null}
              {capAction === "profile" ? (
                <Field label="Router profile" hint="A PPP or hotspot profile you made on the routers" error={errorOf("quotaProfile")}>
                  <Input autoComplete="off" spellCheck={false} placeholder="fup-slow" {...r("quotaProfile")} />
                </Field>
              ) : null}
            </>
          ) : null}
        </div>
      </fieldset>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : planId ? "Save plan" : "Create plan"}
        </Button>
      </div>
    </form>
  );
}
