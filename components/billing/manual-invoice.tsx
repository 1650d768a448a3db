"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { useFieldArray } from "react-hook-form";
import { manualInvoiceAction } from "@/lib/billing/actions/money";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Dialog, DialogContent } from "@/components/ui/dialog";

/** A one-time invoice (installation, materials, relocation); VAT as the ISP's settings say. */
export function ManualInvoice({ customerId }: { customerId: string }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const initial = { customerId, lines: [{ description: "Installation fee", amount: "" }], dueDate: "", notes: "" };
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/billing/forms").then((m) => m.manualInvoiceSchema),
    defaultValues: initial,
    action: manualInvoiceAction,
    successMessage: (d: { number: string }) => `Invoice ${d.number} issued.`,
    onSuccess: () => {
      setOpen(false);
      router.refresh();
    },
  });
  const lines = useFieldArray({ control: form.control, name: "lines" });
  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        if (next) form.reset(initial);
        setOpen(next);
      }}
    >
      <Button size="sm" variant="outline" onClick={() => setOpen(true)}>
        New invoice
      </Button>
      <DialogContent
        title="One-time invoice"
        description="For charges outside the plan: installation, a router, a relocation. Any credit the customer holds is applied."
      >
        <form method="post" onSubmit={submit} noValidate className="grid gap-3">
          {lines.fields.map((field, index) => (
            <fieldset key={field.id} className="grid gap-2 sm:grid-cols-[1fr_8rem_auto] sm:items-end">
              <legend className="sr-only">Line {index + 1}</legend>
              <Field label={`Line ${index + 1}`} error={errorOf(`lines.${index}.description`)}>
                <Input autoComplete="off" {...form.register(`lines.${index}.description`)} />
              </Field>
              <Field label="Amount (₱)" error={errorOf(`lines.${index}.amount`)}>
                <Input inputMode="decimal" autoComplete="off" {...form.register(`lines.${index}.amount`)} />
              </Field>
              {lines.fields.length > 1 ? (
                <Button type="button" variant="ghost" size="sm" onClick={() => lines.remove(index)} aria-label={`Remove line ${index + 1}`}>
                  Remove
                </Button>
              ) : (
                <span />
              )}
            </fieldset>
          ))}
          <div>
            <Button
              type="button"
              variant="outline"
              size="sm"
              onClick={() => lines.append({ description: "", amount: "" })}
              disabled={lines.fields.length >= 20}
            >
              Add line
            </Button>
          </div>
          <Field label="Due date" hint="Empty: the ISP's payment terms" error={errorOf("dueDate")}>
            <Input type="date" {...form.register("dueDate")} />
          </Field>
          <Field label="Notes on the invoice" error={errorOf("notes")}>
            <Input autoComplete="off" {...form.register("notes")} />
          </Field>
          <div>
            <Button type="submit" disabled={pending}>
              {pending ? "Issuing…" : "Issue invoice"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
