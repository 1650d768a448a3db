"use client";
import { useRouter } from "next/navigation";
import { reactivateServiceAction, suspendServiceAction } from "@/lib/provisioning/actions/suspension";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { announceOutcome, suspensionCopy, type SuspensionOutcome } from "./suspension-dialog";

/** The reason form inside the suspension dialog; each opening starts empty. */
export function SuspensionForm({
  mode,
  subscriptionIds,
  customerIds,
  label,
  onDone,
}: {
  mode: "suspend" | "reactivate";
  subscriptionIds: string[];
  customerIds: string[];
  label: string;
  onDone: () => void;
}) {
  const router = useRouter();
  const text = suspensionCopy[mode];
  const bulk = customerIds.length > 0;
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/provisioning/forms").then((m) => m.suspensionReasonSchema),
    defaultValues: { reason: "" },
    action: mode === "suspend" ? suspendServiceAction : reactivateServiceAction,
    toInput: ({ reason }) => ({ subscriptionIds, customerIds, reason, ...(bulk ? { confirmCount: customerIds.length } : {}) }),
    onSuccess: (outcome: SuspensionOutcome) => {
      announceOutcome(mode === "suspend" ? "suspended" : "reactivated", outcome);
      onDone();
      router.refresh();
    },
  });
  return (
    <form method="post" onSubmit={submit} noValidate className="grid gap-3">
      <Field label="Reason" error={errorOf("reason")} hint={`Kept in the audit log. ${text.hint}`}>
        <Input {...form.register("reason")} autoComplete="off" />
      </Field>
      <Button type="submit" disabled={pending} variant={mode === "suspend" ? "danger" : "default"}>
        {pending ? "Working…" : `${text.submit} ${label}`}
      </Button>
    </form>
  );
}
