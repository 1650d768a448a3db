"use client";
import { addCommunicationEntryAction } from "@/lib/notify/actions/customer";
import type { CommunicationEntryInput } from "@/lib/notify/rules";
import { communicationKindLabels, communicationKinds } from "@/lib/notify/values";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Input, NativeSelect, Textarea } from "@/components/ui/input";
import { Button } from "@/components/ui/button";

/** Writes down a call, visit or chat on the customer's communication log. */
export function CommunicationEntryForm({ customerId }: { customerId: string }) {
  const defaults: CommunicationEntryInput = { customerId, kind: "call", direction: "inbound", summary: "", occurredAt: "" };
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/notify/rules").then((m) => m.communicationEntrySchema),
    defaultValues: defaults,
    action: addCommunicationEntryAction,
    successMessage: "Added to the communication log.",
    resetOnSuccess: true,
    refreshOnSuccess: true,
  });
  return (
    <form method="post" onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-3">
      <Field label="How" error={errorOf("kind")}>
        <NativeSelect {...form.register("kind")}>
          {communicationKinds.map((kind) => (
            <option key={kind} value={kind}>
              {communicationKindLabels[kind]}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field label="Who reached out" error={errorOf("direction")}>
        <NativeSelect {...form.register("direction")}>
          <option value="inbound">The customer</option>
          <option value="outbound">We did</option>
        </NativeSelect>
      </Field>
      <Field label="When" hint="Leave empty for now" error={errorOf("occurredAt")}>
        <Input type="datetime-local" {...form.register("occurredAt")} />
      </Field>
      <Field label="What was said or done" error={errorOf("summary")} className="flex flex-col gap-1.5 sm:col-span-3">
        <Textarea {...form.register("summary")} rows={3} />
      </Field>
      <div className="sm:col-span-3">
        <Button type="submit" disabled={pending}>
          {pending ? "Adding…" : "Add to log"}
        </Button>
      </div>
    </form>
  );
}
