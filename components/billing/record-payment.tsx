"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { recordPaymentAction } from "@/lib/billing/actions/money";
import type { PaymentFields } from "@/lib/billing/forms";
import { paymentMethodLabels, paymentMethods } from "@/lib/billing/values";
import { formatMoney } from "@/lib/core/money";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Button } from "@/components/ui/button";
import { Input, NativeSelect } from "@/components/ui/input";
import { Dialog, DialogContent } from "@/components/ui/dialog";

type Result = { receiptNumber: string; allocatedCentavos: number; creditCentavos: number; reactivated: number; created: boolean };

const newKey = () => (typeof crypto !== "undefined" && "randomUUID" in crypto ? crypto.randomUUID() : `${Date.now()}-${Math.random()}`);

function describe(result: Result) {
  if (!result.created) return `Already recorded as ${result.receiptNumber}.`;
  const parts = [`Payment recorded: official receipt ${result.receiptNumber}.`];
  if (result.creditCentavos > 0) parts.push(`${formatMoney(result.creditCentavos)} kept as credit.`);
  if (result.reactivated > 0) parts.push(`Service reactivated (${result.reactivated}).`);
  return parts.join(" ");
}

/**
 * "Record payment" for billing staff: cash, bank transfer, GCash/Maya with their reference numbers. The
 * form carries one idempotency key per opening, so a double click or a retry records one payment.
 */
export function RecordPayment({
  customerId,
  invoiceId,
  suggestedCentavos,
  today,
  label = "Record payment",
  variant = "default",
}: {
  customerId: string;
  invoiceId?: string;
  suggestedCentavos?: number;
  /** Today in the ISP's time zone: the default date the money came in. */
  today: string;
  label?: string;
  variant?: "default" | "outline";
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const initial = (): PaymentFields => ({
    customerId,
    invoiceId: invoiceId ?? "",
    amount: suggestedCentavos && suggestedCentavos > 0 ? (suggestedCentavos / 100).toFixed(2) : "",
    method: "gcash",
    reference: "",
    receivedAt: today,
    notes: "",
    idempotencyKey: newKey(),
  });
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/billing/forms").then((m) => m.paymentFieldsSchema),
    defaultValues: initial(),
    action: recordPaymentAction,
    successMessage: (data: Result) => describe(data),
    onSuccess: () => {
      setOpen(false);
      router.refresh();
    },
  });
  const method = form.watch("method");
  const r = form.register;
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (next) form.reset(initial());
        setOpen(next);
      }}
    >
      <Button
        size="sm"
        variant={variant}
        onClick={() => {
          form.reset(initial());
          setOpen(true);
        }}
      >
        {label}
      </Button>
      <DialogContent title="Record payment" description="Applied to the oldest open invoice first; anything over is kept as the customer's credit.">
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
          <Field
            label={method === "gcash" || method === "maya" ? `${paymentMethodLabels[method]} reference number` : "Reference"}
            hint={method === "cash" ? "Optional for cash" : "As shown on the customer's confirmation"}
            error={errorOf("reference")}
          >
            <Input autoComplete="off" {...r("reference")} />
          </Field>
          <Field label="Date received" error={errorOf("receivedAt")}>
            <Input type="date" max={today} {...r("receivedAt")} />
          </Field>
          <Field label="Notes" error={errorOf("notes")} className="flex flex-col gap-1.5 sm:col-span-2">
            <Input autoComplete="off" {...r("notes")} />
          </Field>
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
