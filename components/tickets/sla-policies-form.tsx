"use client";
import { useRouter } from "next/navigation";
import { saveSlaPoliciesAction } from "@/lib/tickets/actions/sla-settings";
import type { SlaPoliciesValues } from "@/lib/tickets/sla-rules";
import { priorityLabels } from "@/lib/tickets/values";
import { formatMinutes } from "@/lib/tickets/sla";
import { useActionForm } from "@/components/forms/use-action-form";
import { CheckboxField, Field } from "@/components/forms/field";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";

const readable = (value: unknown) => {
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? `= ${formatMinutes(n)}` : undefined;
};

/** First-response and resolution targets per priority, in minutes of the clock each policy runs on. */
export function SlaPoliciesForm({ initial }: { initial: SlaPoliciesValues }) {
  const router = useRouter();
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/tickets/sla-rules").then((m) => m.slaPoliciesSchema),
    defaultValues: initial,
    action: saveSlaPoliciesAction,
    successMessage: "SLA policies saved. They apply to tickets opened from now on.",
    onSuccess: () => router.refresh(),
  });
  const values = form.watch("policies");
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-4">
      <div className="grid gap-4 md:grid-cols-2">
        {initial.policies.map((p, i) => (
          <fieldset key={p.priority} className="min-w-0 rounded-md border p-4">
            <legend className="px-1 text-sm font-semibold">{priorityLabels[p.priority]}</legend>
            <div className="grid gap-3 sm:grid-cols-3">
              <Field
                label="First response (min)"
                hint={readable(values?.[i]?.firstResponseMinutes)}
                error={errorOf(`policies.${i}.firstResponseMinutes`)}
              >
                <Input inputMode="numeric" {...form.register(`policies.${i}.firstResponseMinutes`)} />
              </Field>
              <Field label="Resolution (min)" hint={readable(values?.[i]?.resolutionMinutes)} error={errorOf(`policies.${i}.resolutionMinutes`)}>
                <Input inputMode="numeric" {...form.register(`policies.${i}.resolutionMinutes`)} />
              </Field>
              <Field label="Warn before (min)" hint="0 = no warning" error={errorOf(`policies.${i}.warnBeforeMinutes`)}>
                <Input inputMode="numeric" {...form.register(`policies.${i}.warnBeforeMinutes`)} />
              </Field>
            </div>
            <div className="mt-3">
              <CheckboxField label="Around the clock (24/7), not only in business hours" {...form.register(`policies.${i}.twentyFourSeven`)} />
            </div>
          </fieldset>
        ))}
      </div>
      {errorOf("policies") ? (
        <p className="text-xs font-medium text-danger" role="alert">
          {errorOf("policies")}
        </p>
      ) : null}
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Save SLA policies"}
        </Button>
      </div>
    </form>
  );
}
