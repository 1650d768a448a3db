"use client";
import { saveCapacityThreshold } from "@/lib/tenants/actions/settings";
import type { CapacityThresholdFields } from "@/lib/tenants/rules";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";

/** The ISP's capacity threshold (50–100 %), which every link and router forecast on the page plans to. */
export function CapacityThresholdForm({ percent }: { percent: number }) {
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/tenants/rules").then((m) => m.capacityThresholdSchema),
    defaultValues: { percent: String(percent) } satisfies CapacityThresholdFields,
    action: saveCapacityThreshold,
    successMessage: (d: { percent: number }) => `Links and routers are now planned to ${d.percent} % of capacity.`,
    refreshOnSuccess: true,
  });
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-wrap items-end gap-3">
      <Field label="Capacity threshold (%)" hint="Links and router CPU saturate here; 50–100 %." error={errorOf("percent")}>
        <Input type="number" inputMode="numeric" min={50} max={100} step={1} className="w-28" {...form.register("percent")} />
      </Field>
      <Button type="submit" variant="outline" disabled={pending}>
        {pending ? "Saving…" : "Save threshold"}
      </Button>
    </form>
  );
}
