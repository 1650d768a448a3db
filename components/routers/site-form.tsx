"use client";
import { createSiteAction } from "@/lib/routers/actions/save-router";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";

export function SiteForm() {
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/routers/rules").then((m) => m.siteFieldsSchema),
    defaultValues: { name: "", address: "" },
    action: createSiteAction,
    successMessage: (d: { name: string }) => `Site "${d.name}" added.`,
    resetOnSuccess: true,
    refreshOnSuccess: true,
  });
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-wrap items-end gap-3">
      <Field label="Site name" error={errorOf("name")}>
        <Input placeholder="Lipa Tower" {...form.register("name")} />
      </Field>
      <Field label="Address" error={errorOf("address")}>
        <Input {...form.register("address")} />
      </Field>
      <Button type="submit" variant="outline" disabled={pending}>
        Add site
      </Button>
    </form>
  );
}
