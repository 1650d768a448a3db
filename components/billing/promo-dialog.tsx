"use client";
import { useId, useState } from "react";
import { useRouter } from "next/navigation";
import { savePromoAction } from "@/lib/billing/actions/admin";
import type { PromoFields } from "@/lib/billing/forms";
import { emptyPromo } from "@/lib/billing/promo-format";
import { useActionForm } from "@/components/forms/use-action-form";
import { CheckboxField, Field } from "@/components/forms/field";
import { Input, NativeSelect } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";

export type PlanOption = { id: string; name: string; price: string };

/** Create a promo code, or edit one (`promo` given); the kind chosen decides which value is asked for. */
export function PromoDialog({ promo, plans }: { promo?: { id: string; fields: PromoFields }; plans: PlanOption[] }) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const plansHintId = useId();
  const initial = promo?.fields ?? emptyPromo;
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/billing/forms").then((m) => m.promoFieldsSchema),
    defaultValues: initial,
    action: savePromoAction,
    toInput: (values) => ({ promoId: promo?.id, promo: values }),
    successMessage: promo ? `Promo code ${promo.fields.code} saved.` : "Promo code created.",
    onSuccess: () => {
      setOpen(false);
      router.refresh();
    },
  });
  const r = form.register;
  const kind = form.watch("kind");
  const planIds = form.watch("planIds") ?? [];
  const togglePlan = (planId: string, checked: boolean) =>
    form.setValue("planIds", checked ? [...planIds, planId] : planIds.filter((id) => id !== planId), { shouldDirty: true });
  const title = promo ? `Edit promo code ${promo.fields.code}` : "New promo code";

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        // Each opening starts from the saved code: what was typed and closed without saving is dropped.
        if (next) form.reset(initial);
        setOpen(next);
      }}
    >
      <DialogTrigger asChild>
        <Button size="sm" variant={promo ? "outline" : "default"} aria-label={promo ? `Edit ${promo.fields.code}` : undefined}>
          {promo ? "Edit" : "New promo code"}
        </Button>
      </DialogTrigger>
      <DialogContent title={title} description="Staff apply a code to a subscription (its next bills) or to one unpaid invoice.">
        <form method="post" onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
          <Field label="Code" hint="3–20 letters, digits or dashes" error={errorOf("code")}>
            <Input autoComplete="off" spellCheck={false} className="uppercase" placeholder="FIBER50" {...r("code")} />
          </Field>
          <Field label="Discount type" error={errorOf("kind")}>
            <NativeSelect {...r("kind")}>
              <option value="percent">Percentage off</option>
              <option value="fixed">Fixed amount off (₱)</option>
              <option value="free_months">Free months</option>
            </NativeSelect>
          </Field>
          {kind === "percent" ? (
            <Field label="Percentage off" hint="0.01 to 100" error={errorOf("percent")}>
              <Input inputMode="decimal" {...r("percent")} />
            </Field>
          ) : null}
          {kind === "fixed" ? (
            <Field label="Amount off each bill (₱)" hint="e.g. 200 or 199.50; never more than the bill" error={errorOf("amount")}>
              <Input inputMode="decimal" {...r("amount")} />
            </Field>
          ) : null}
          <Field
            label={kind === "free_months" ? "Free months" : "Bills discounted"}
            hint={kind === "free_months" ? "The service charge of this many bills is waived" : "How many billing periods the discount applies to"}
            error={errorOf("periods")}
          >
            <Input inputMode="numeric" {...r("periods")} />
          </Field>
          <Field label="Description (optional)" error={errorOf("description")} className="flex flex-col gap-1.5 sm:col-span-2">
            <Input autoComplete="off" placeholder="Holiday promo for new fiber subscribers" {...r("description")} />
          </Field>
          <Field label="Valid from (optional)" error={errorOf("validFrom")}>
            <Input type="date" {...r("validFrom")} />
          </Field>
          <Field label="Valid until (optional)" hint="The last day it can be applied" error={errorOf("validUntil")}>
            <Input type="date" {...r("validUntil")} />
          </Field>
          <Field label="Most redemptions (optional)" hint="Empty for no limit" error={errorOf("maxRedemptions")}>
            <Input inputMode="numeric" {...r("maxRedemptions")} />
          </Field>
          <div className="flex flex-col justify-center gap-2">
            <CheckboxField label="Once per customer" {...r("oncePerCustomer")} />
            <CheckboxField label="Active (can be applied)" {...r("active")} />
          </div>
          <fieldset className="min-w-0 rounded-md border p-3 sm:col-span-2" aria-describedby={plansHintId}>
            <legend className="px-1 text-sm font-medium">Plans</legend>
            <p id={plansHintId} className="mb-2 text-xs text-muted-foreground">
              Tick the plans it is limited to; none ticked means every plan.
            </p>
            {plans.length === 0 ? (
              <p className="text-sm text-muted-foreground">No plans yet; the code applies to every plan.</p>
            ) : (
              <ul className="grid max-h-48 gap-2 overflow-y-auto sm:grid-cols-2">
                {plans.map((plan) => (
                  <li key={plan.id}>
                    <CheckboxField
                      label={`${plan.name} (${plan.price})`}
                      checked={planIds.includes(plan.id)}
                      onChange={(event) => togglePlan(plan.id, event.target.checked)}
                    />
                  </li>
                ))}
              </ul>
            )}
            {errorOf("planIds") ? (
              <p className="mt-2 text-xs font-medium text-danger" role="alert">
                {errorOf("planIds")}
              </p>
            ) : null}
          </fieldset>
          <div className="flex flex-wrap gap-2 sm:col-span-2">
            <Button type="submit" disabled={pending}>
              {pending ? "Saving…" : promo ? "Save promo code" : "Create promo code"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
