"use client";
import { useRouter } from "next/navigation";
import { redeemPromoAction } from "@/lib/billing/actions/admin";
import { formatMoney } from "@/lib/core/money";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";

type Target = { subscriptionId: string; invoiceId?: never } | { invoiceId: string; subscriptionId?: never };

/**
 * Applies a promo code to a subscription (its next bills) or to one unpaid invoice (a discount line now).
 * A refusal ("FIBER50 expired on 2026-11-30.") is shown under the field.
 */
export function ApplyPromo({ customerId, currency = "PHP", ...target }: { customerId: string; currency?: string } & Target) {
  const router = useRouter();
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/billing/forms").then((m) => m.promoCodeSchema),
    defaultValues: { code: "" },
    action: redeemPromoAction,
    toInput: ({ code }) => ({ code, customerId, ...target }),
    successMessage: (d: { code: string; discountCentavos: number }) =>
      target.invoiceId
        ? `${d.code} applied: ${formatMoney(d.discountCentavos, currency)} off this invoice.`
        : `${d.code} applied: this subscription's next bills are discounted.`,
    onSuccess: () => {
      form.reset({ code: "" });
      router.refresh();
    },
  });
  return (
    <form method="post" onSubmit={submit} noValidate className="flex items-start gap-2">
      <Field label="Promo code" error={errorOf("code")} className="flex min-w-0 flex-1 flex-col gap-1.5">
        <Input autoComplete="off" spellCheck={false} className="uppercase" placeholder="FIBER50" {...form.register("code")} />
      </Field>
      {/* mt-5 lines the button up with the input under its label. */}
      <Button type="submit" variant="outline" className="mt-5" disabled={pending}>
        {pending ? "Applying…" : "Apply"}
      </Button>
    </form>
  );
}
