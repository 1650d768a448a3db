"use client";
import { useId } from "react";
import { useRouter } from "next/navigation";
import { createTaxClassAction, deleteTaxClassAction } from "@/lib/billing/actions/admin";
import { useActionForm } from "@/components/forms/use-action-form";
import { CheckboxField, Field } from "@/components/forms/field";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { DataTable } from "@/components/ui/table";
import { ConfirmButton } from "@/components/staff/confirm-button";

export type TaxClassView = { id: string; name: string; rateBps: number; exempt: boolean; plans: number };

const percent = (bps: number) => `${bps / 100}%`;
const emptyClass = { name: "", ratePercent: "", exempt: false };

/** The tenant's VAT classes: the list, and (with billing settings access) adding and deleting. */
export function TaxClasses({ classes, vatRateBps, canEdit }: { classes: TaxClassView[]; vatRateBps: number; canEdit: boolean }) {
  return (
    <div className="flex flex-col gap-4">
      {classes.length === 0 ? (
        <p className="rounded-md border border-dashed p-4 text-sm text-muted-foreground">
          No tax classes yet. Every plan uses your VAT rate ({percent(vatRateBps)}); add a class for zero-rated or VAT-exempt services.
        </p>
      ) : (
        <DataTable
          columns={[
            { label: "Name" },
            { label: "Rate", align: "right" },
            { label: "Exempt" },
            ...(canEdit ? [{ label: "Actions", srOnly: true }] : []),
          ]}
        >
          {classes.map((c) => (
            <tr key={c.id}>
              <td className="p-3">
                <span className="font-medium">{c.name}</span>
                <span className="block text-xs text-muted-foreground">
                  {c.plans === 0 ? "No plans" : c.plans === 1 ? "1 plan" : `${c.plans} plans`}
                </span>
              </td>
              <td className="p-3 text-right tabular-nums">{c.exempt ? "—" : percent(c.rateBps)}</td>
              <td className="p-3">{c.exempt ? "VAT-exempt" : "No"}</td>
              {canEdit ? (
                <td className="p-3 text-right">
                  <DeleteTaxClass taxClass={c} />
                </td>
              ) : null}
            </tr>
          ))}
        </DataTable>
      )}
      {canEdit ? <AddTaxClassForm /> : null}
    </div>
  );
}

function DeleteTaxClass({ taxClass }: { taxClass: TaxClassView }) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Delete"
      ariaLabel={`Delete tax class ${taxClass.name}`}
      title={`Delete tax class ${taxClass.name}?`}
      description="Plans can no longer be given this class. A class that a plan still uses can't be deleted; move the plan to another class first."
      confirmLabel="Delete tax class"
      successMessage={`Tax class ${taxClass.name} deleted.`}
      danger
      variant="ghost"
      run={() => deleteTaxClassAction({ taxClassId: taxClass.id })}
      onDone={() => router.refresh()}
    />
  );
}

function AddTaxClassForm() {
  const router = useRouter();
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/billing/forms").then((m) => m.taxClassSchema),
    defaultValues: emptyClass,
    action: createTaxClassAction,
    successMessage: "Tax class added.",
    onSuccess: () => {
      form.reset(emptyClass);
      router.refresh();
    },
  });
  const r = form.register;
  const exempt = form.watch("exempt");
  const headingId = useId();
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-3 rounded-md border p-4" aria-labelledby={headingId}>
      <h3 id={headingId} className="text-sm font-semibold">
        Add a tax class
      </h3>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field label="Name" error={errorOf("name")}>
          <Input placeholder="Zero-rated" autoComplete="off" {...r("name")} />
        </Field>
        {exempt ? null : (
          <Field label="VAT rate (%)" hint="0 for zero-rated" error={errorOf("ratePercent")}>
            <Input inputMode="decimal" {...r("ratePercent")} />
          </Field>
        )}
      </div>
      <CheckboxField
        label="VAT-exempt (reported apart from zero-rated sales)"
        {...r("exempt", { onChange: (e) => e.target.checked && form.setValue("ratePercent", "0", { shouldValidate: false }) })}
      />
      <div>
        <Button type="submit" size="sm" disabled={pending}>
          {pending ? "Adding…" : "Add tax class"}
        </Button>
      </div>
    </form>
  );
}
