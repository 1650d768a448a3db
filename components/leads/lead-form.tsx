"use client";
import { useState } from "react";
import { createLeadAction } from "@/lib/customers/actions/leads";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Input, Textarea } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";

const empty = { name: "", phone: "", email: "", serviceAddress: "", barangay: "", city: "", latitude: "", longitude: "", source: "", notes: "" };

export function NewLeadButton({ defaultOpen = false }: { defaultOpen?: boolean }) {
  const [open, setOpen] = useState(defaultOpen);
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/customers/rules").then((m) => m.leadFieldsSchema),
    defaultValues: empty,
    action: createLeadAction,
    successMessage: "Lead added.",
    resetOnSuccess: true,
    refreshOnSuccess: true,
    onSuccess: () => setOpen(false),
  });
  const r = form.register;
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <Button onClick={() => setOpen(true)}>New lead</Button>
      <DialogContent title="New lead" description="Someone who asked about service. Convert them to a customer when they sign up.">
        <form method="post" onSubmit={submit} noValidate className="grid gap-3 sm:grid-cols-2">
          <Field label="Name" error={errorOf("name")} className="flex flex-col gap-1.5 sm:col-span-2">
            <Input {...r("name")} />
          </Field>
          <Field label="Mobile number" error={errorOf("phone")}>
            <Input type="tel" {...r("phone")} />
          </Field>
          <Field label="Email" error={errorOf("email")}>
            <Input type="email" {...r("email")} />
          </Field>
          <Field label="Address" error={errorOf("serviceAddress")} className="flex flex-col gap-1.5 sm:col-span-2">
            <Input {...r("serviceAddress")} />
          </Field>
          <Field label="Barangay" error={errorOf("barangay")}>
            <Input {...r("barangay")} />
          </Field>
          <Field label="City" error={errorOf("city")}>
            <Input {...r("city")} />
          </Field>
          <Field label="Source" hint="Facebook page, referral, walk-in…" error={errorOf("source")} className="flex flex-col gap-1.5 sm:col-span-2">
            <Input {...r("source")} />
          </Field>
          <Field label="Notes" error={errorOf("notes")} className="flex flex-col gap-1.5 sm:col-span-2">
            <Textarea {...r("notes")} />
          </Field>
          <div className="sm:col-span-2">
            <Button type="submit" disabled={pending}>
              Add lead
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
