"use client";
import { useRouter } from "next/navigation";
import { setTaxExemptionAction } from "@/lib/billing/actions/admin";
import { useActionForm } from "@/components/forms/use-action-form";
import { CheckboxField, Field } from "@/components/forms/field";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";

/** Marks a customer VAT-exempt with the reason printed on their invoices, or makes VAT apply again. */
export function TaxExemptionForm({
  customerId,
  initial,
  readOnly = false,
}: {
  customerId: string;
  initial: { taxExempt: boolean; reason: string };
  readOnly?: boolean;
}) {
  const router = useRouter();
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/billing/forms").then((m) => m.taxExemptionSchema),
    defaultValues: { customerId, taxExempt: initial.taxExempt, reason: initial.reason },
    action: setTaxExemptionAction,
    successMessage: (): string =>
      form.getValues("taxExempt")
        ? "The customer is VAT-exempt from the next invoice on."
        : "VAT applies to this customer's invoices again from the next one.",
    onSuccess: () => {
      form.reset(form.getValues());
      router.refresh();
    },
  });
  const exempt = form.watch("taxExempt");
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-3">
      <fieldset disabled={readOnly} className="contents">
        <CheckboxField label="VAT-exempt" {...form.register("taxExempt")} />
        {exempt ? (
          <Field label="Reason" hint="Printed on invoices, e.g. the BIR exemption certificate number" error={errorOf("reason")}>
            <Input autoComplete="off" {...form.register("reason")} />
          </Field>
        ) : null}
      </fieldset>
      {readOnly ? null : (
        <div>
          <Button type="submit" variant="outline" disabled={pending}>
            {pending ? "Saving…" : "Save VAT status"}
          </Button>
        </div>
      )}
    </form>
  );
}
