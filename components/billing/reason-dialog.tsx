"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import type { ActionResult } from "@/lib/core/action";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Dialog, DialogContent } from "@/components/ui/dialog";

/**
 * One dialog for the money actions that need a reason (void, credit note, refund, waive a late fee),
 * optionally with an amount. `toInput` adds the record's id.
 */
export function ReasonDialog<R>({
  trigger,
  title,
  description,
  submitLabel,
  withAmount,
  defaultAmountCentavos,
  action,
  toInput,
  successMessage,
  variant = "outline",
}: {
  trigger: string;
  title: string;
  description: string;
  submitLabel: string;
  withAmount?: boolean;
  defaultAmountCentavos?: number;
  action: (input: never) => Promise<ActionResult<R>>;
  toInput: (values: { reason: string; amount?: string }) => unknown;
  successMessage: (data: R) => string;
  variant?: "outline" | "danger" | "ghost";
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const initial = { reason: "", amount: defaultAmountCentavos ? (defaultAmountCentavos / 100).toFixed(2) : "" };
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/billing/forms").then((m) => (withAmount ? m.reasonWithAmountSchema : m.reasonSchema)),
    defaultValues: withAmount ? initial : { reason: "" },
    action,
    toInput: (values) => toInput(values as { reason: string; amount?: string }),
    successMessage,
    onSuccess: () => {
      setOpen(false);
      router.refresh();
    },
  });
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (next) form.reset(withAmount ? initial : { reason: "" });
        setOpen(next);
      }}
    >
      <Button size="sm" variant={variant} onClick={() => setOpen(true)}>
        {trigger}
      </Button>
      <DialogContent title={title} description={description}>
        <form method="post" onSubmit={submit} noValidate className="grid gap-3">
          {withAmount ? (
            <Field label="Amount (₱)" error={errorOf("amount")}>
              <Input inputMode="decimal" autoComplete="off" {...form.register("amount" as never)} />
            </Field>
          ) : null}
          <Field label="Reason" error={errorOf("reason")}>
            <Input autoComplete="off" {...form.register("reason" as never)} />
          </Field>
          <div>
            <Button type="submit" disabled={pending}>
              {pending ? "Saving…" : submitLabel}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
