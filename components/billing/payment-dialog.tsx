"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import type { DefaultValues, FieldValues, UseFormRegister } from "react-hook-form";
import type { z } from "zod";
import type { ActionResult } from "@/lib/core/action";
import { paymentMethodLabels, paymentMethods, type PaymentMethod } from "@/lib/billing/values";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Button } from "@/components/ui/button";
import { Input, NativeSelect } from "@/components/ui/input";
import { Dialog, DialogContent } from "@/components/ui/dialog";

/** The fields every payment form shows; the rest (whose payment, the key) ride along unseen. */
type ShownFields = { amount: string; method: PaymentMethod; reference: string; receivedAt: string; notes?: string };

export const newIdempotencyKey = () =>
  typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`;

/**
 * A "Record payment" button and its dialog: amount, method, reference, day received (and notes when asked). `initial`
 * is called at each opening, so each opening carries a fresh idempotency key and a double click records once.
 */
export function PaymentDialog<S extends z.ZodType<FieldValues, FieldValues>, R>({
  loadSchema,
  initial,
  action,
  successMessage,
  today,
  buttonLabel,
  buttonVariant = "default",
  buttonSize,
  title,
  description,
  referenceField = () => ({ label: "Reference" }),
  withNotes = false,
}: {
  loadSchema: () => Promise<S>;
  initial: () => z.input<S> & ShownFields;
  action: (input: never) => Promise<ActionResult<R>>;
  successMessage: (data: R) => string;
  today: string;
  buttonLabel: React.ReactNode;
  buttonVariant?: "default" | "outline";
  buttonSize?: "sm";
  title: string;
  description: string;
  /** The reference field's label and hint for the chosen method. */
  referenceField?: (method: PaymentMethod) => { label: string; hint?: string };
  withNotes?: boolean;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema,
    defaultValues: initial() as DefaultValues<z.input<S>>,
    action,
    successMessage,
    onSuccess: () => {
      setOpen(false);
      router.refresh();
    },
  });
  const r = form.register as unknown as UseFormRegister<ShownFields>;
  const method = (form.watch as unknown as (name: "method") => PaymentMethod | undefined)("method");
  const reference = referenceField(method ?? "cash");
  const reset = () => form.reset(initial() as DefaultValues<z.input<S>>);
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (next) reset();
        setOpen(next);
      }}
    >
      <Button
        size={buttonSize}
        variant={buttonVariant}
        onClick={() => {
          reset();
          setOpen(true);
        }}
      >
        {buttonLabel}
      </Button>
      <DialogContent title={title} description={description}>
        <form method="post" onSubmit={submit} noValidate className="grid gap-3 sm:grid-cols-2">
          <Field label="Amount (₱)" error={errorOf("amount")}>
            <Input inputMode="decimal" autoComplete="off" {...r("amount")} />
          </Field>
          <Field label="Method" error={errorOf("method")}>
            <NativeSelect {...r("method")}>
              {paymentMethods.map((m) => (
                <option key={m} value={m}>
                  {paymentMethodLabels[m]}
                </option>
              ))}
            </NativeSelect>
          </Field>
          <Field label={reference.label} hint={reference.hint} error={errorOf("reference")}>
            <Input autoComplete="off" {...r("reference")} />
          </Field>
          <Field label="Date received" error={errorOf("receivedAt")}>
            <Input type="date" max={today} {...r("receivedAt")} />
          </Field>
          {withNotes ? (
            <Field label="Notes" error={errorOf("notes")} className="flex flex-col gap-1.5 sm:col-span-2">
              <Input autoComplete="off" {...r("notes")} />
            </Field>
          ) : null}
          <div className="sm:col-span-2">
            <Button type="submit" disabled={pending}>
              {pending ? "Recording…" : "Record payment"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
