"use client";
import { saveNetsphereBankDetailsAction } from "@/lib/tenants/actions/platform";
import type { BankDetailsFields } from "@/lib/tenants/forms";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Textarea } from "@/components/ui/input";
import { Button } from "@/components/ui/button";

/** How ISPs pay NetSphere by bank transfer; printed on every NetSphere invoice and shown on each ISP's plan page. */
export function BankDetailsForm({ text }: { text: string }) {
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/tenants/forms").then((m) => m.bankDetailsSchema),
    defaultValues: { text } satisfies BankDetailsFields,
    action: saveNetsphereBankDetailsAction,
    successMessage: "Bank details saved.",
    refreshOnSuccess: true,
  });
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-3">
      <Field label="Bank transfer details" hint="Bank, account name and number; ISPs put their account number in the reference." error={errorOf("text")}>
        <Textarea rows={3} {...form.register("text")} />
      </Field>
      <Button type="submit" className="self-start" disabled={pending}>
        {pending ? "Saving…" : "Save bank details"}
      </Button>
    </form>
  );
}
