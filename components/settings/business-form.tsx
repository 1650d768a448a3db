"use client";
import { useRouter } from "next/navigation";
import { saveBusinessDetails } from "@/lib/tenants/actions/settings";
import type { businessDetailsSchema } from "@/lib/tenants/rules";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import type { z } from "zod";

export function BusinessForm({
  initial,
  onboarding = false,
  readOnly = false,
}: {
  initial: z.input<typeof businessDetailsSchema>;
  onboarding?: boolean;
  readOnly?: boolean;
}) {
  const router = useRouter();
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/tenants/rules").then((m) => m.businessDetailsSchema),
    defaultValues: initial,
    action: saveBusinessDetails,
    toInput: (details) => ({ details, onboarding }),
    successMessage: "Business details saved.",
    onSuccess: (d: { next: string | null }) => (d.next ? router.push(`/onboarding?step=${d.next}`) : router.refresh()),
  });
  const r = form.register;
  return (
    <form method="post" onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
      <fieldset disabled={readOnly} className="contents">
        <Field label="Business name" error={errorOf("name")}>
          <Input {...r("name")} />
        </Field>
        <Field label="Registered (legal) name" error={errorOf("legalName")}>
          <Input {...r("legalName")} />
        </Field>
        <Field label="Business address" error={errorOf("address")} className="flex flex-col gap-1.5 sm:col-span-2">
          <Input {...r("address")} />
        </Field>
        <Field label="TIN" error={errorOf("tin")}>
          <Input {...r("tin")} />
        </Field>
        <Field label="Contact person" error={errorOf("contactName")}>
          <Input {...r("contactName")} />
        </Field>
        <Field label="Contact phone" error={errorOf("contactPhone")}>
          <Input type="tel" {...r("contactPhone")} />
        </Field>
      </fieldset>
      {readOnly ? null : (
        <div className="sm:col-span-2">
          <Button type="submit" disabled={pending}>
            {onboarding ? "Save and continue" : "Save business details"}
          </Button>
        </div>
      )}
    </form>
  );
}
