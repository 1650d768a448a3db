"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { changePlanAction } from "@/lib/billing/actions/money";
import { formatMoney } from "@/lib/core/money";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Button } from "@/components/ui/button";
import { NativeSelect } from "@/components/ui/input";
import { Dialog, DialogContent } from "@/components/ui/dialog";

type Result = { invoiceNumber: string | null; creditNoteNumber: string | null; chargeCentavos: number; creditCentavos: number };

const describe = (r: Result) =>
  r.invoiceNumber
    ? `Plan changed; ${formatMoney(r.chargeCentavos)} for the rest of the period is on ${r.invoiceNumber}.`
    : r.creditNoteNumber
      ? `Plan changed; ${formatMoney(r.creditCentavos)} for the unused days is credited (${r.creditNoteNumber}).`
      : "Plan changed.";

/** Upgrade or downgrade from today, prorated by day; the router moves the subscriber to the new speed now. */
export function ChangePlan({
  subscriptionId,
  username,
  currentPlanId,
  plans,
}: {
  subscriptionId: string;
  username: string;
  currentPlanId: string;
  plans: { id: string; name: string }[];
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const choices = plans.filter((p) => p.id !== currentPlanId);
  const initial = { subscriptionId, planId: choices[0]?.id ?? "" };
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/billing/forms").then((m) => m.changePlanSchema),
    defaultValues: initial,
    action: changePlanAction,
    successMessage: (r: Result) => describe(r),
    onSuccess: () => {
      setOpen(false);
      router.refresh();
    },
  });
  if (choices.length === 0) return null;
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <Button
        size="sm"
        variant="outline"
        onClick={() => {
          form.reset(initial);
          setOpen(true);
        }}
        aria-label={`Change plan of ${username}`}
      >
        Change plan
      </Button>
      <DialogContent
        title={`Change plan of ${username}`}
        description="Takes effect today. Already-invoiced days are credited at the old price and charged at the new one; the router applies the new speed at once."
      >
        <form method="post" onSubmit={submit} noValidate className="grid gap-3">
          <Field label="New plan" error={errorOf("planId")}>
            <NativeSelect {...form.register("planId")}>
              {choices.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.name}
                </option>
              ))}
            </NativeSelect>
          </Field>
          <div>
            <Button type="submit" disabled={pending}>
              {pending ? "Changing…" : "Change plan"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
