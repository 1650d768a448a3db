"use client";
import type { UseFormRegisterReturn } from "react-hook-form";
import { createPrefixAction, deletePrefixAction, updatePrefixAction } from "@/lib/ipam/actions/ipam";
import { prefixStatuses, prefixStatusLabels, type PrefixStatus } from "@/lib/ipam/values";
import { useActionForm } from "@/components/forms/use-action-form";
import { useDialogActionForm } from "@/components/forms/use-dialog-action-form";
import { Field } from "@/components/forms/field";
import { Input, NativeSelect } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/staff/confirm-button";
import { Dialog, DialogContent } from "@/components/ui/dialog";

type Option = { id: string; name: string };

const prefixDefaults = { prefix: "", status: "active" as const, siteId: "", vlan: "", description: "" };

/** The status and site fields, shared by adding and editing a prefix. */
function StatusAndSite({
  register,
  errorOf,
  sites,
}: {
  register: (name: "status" | "siteId") => UseFormRegisterReturn;
  errorOf: (name: "status" | "siteId") => string | undefined;
  sites: Option[];
}) {
  return (
    <>
      <Field label="Status" error={errorOf("status")}>
        <NativeSelect {...register("status")}>
          {prefixStatuses.map((status) => (
            <option key={status} value={status}>
              {prefixStatusLabels[status]}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field label="Site" error={errorOf("siteId")}>
        <NativeSelect {...register("siteId")}>
          <option value="">No site</option>
          {sites.map((site) => (
            <option key={site.id} value={site.id}>
              {site.name}
            </option>
          ))}
        </NativeSelect>
      </Field>
    </>
  );
}

/** Change a prefix's status, site, VLAN or notes (the prefix itself stays: remove it and add it again for that). */
export function EditPrefixButton({
  prefix,
  sites,
}: {
  prefix: { id: string; prefix: string; status: PrefixStatus; siteId: string | null; vlan: string; description: string };
  sites: Option[];
}) {
  const initial = { prefixId: prefix.id, status: prefix.status, siteId: prefix.siteId ?? "", vlan: prefix.vlan, description: prefix.description };
  const { form, submit, pending, errorOf, open, setOpen, openFresh } = useDialogActionForm({
    loadSchema: () => import("@/lib/ipam/forms").then((m) => m.prefixEditSchema),
    defaultValues: initial,
    action: updatePrefixAction,
    successMessage: `${prefix.prefix} saved.`,
  });
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <Button
        size="sm"
        variant="ghost"
        onClick={openFresh}
        aria-label={`Edit prefix ${prefix.prefix}`}
      >
        Edit
      </Button>
      <DialogContent title={`Edit ${prefix.prefix}`} description="Status, site, VLAN and notes.">
        <form method="post" onSubmit={submit} noValidate className="grid gap-3">
          <StatusAndSite register={form.register} errorOf={errorOf} sites={sites} />
          <Field label="VLAN" error={errorOf("vlan")}>
            <Input autoComplete="off" {...form.register("vlan")} />
          </Field>
          <Field label="Description" error={errorOf("description")}>
            <Input autoComplete="off" {...form.register("description")} />
          </Field>
          <div>
            <Button type="submit" disabled={pending}>
              {pending ? "Saving…" : "Save"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}

/** Record a prefix the ISP holds or uses; it lands in the tree under the prefixes that hold it. */
export function PrefixForm({ sites }: { sites: Option[] }) {
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/ipam/forms").then((m) => m.prefixFieldsSchema),
    defaultValues: prefixDefaults,
    action: createPrefixAction,
    successMessage: "Prefix recorded.",
    resetOnSuccess: true,
    refreshOnSuccess: true,
  });
  return (
    <form method="post" onSubmit={submit} noValidate className="grid gap-3 sm:grid-cols-2">
      <Field label="Prefix" hint="IPv4 or IPv6, like 100.64.0.0/16 or 2001:db8::/48" error={errorOf("prefix")}>
        <Input autoComplete="off" spellCheck={false} {...form.register("prefix")} />
      </Field>
      <StatusAndSite register={form.register} errorOf={errorOf} sites={sites} />
      <Field label="VLAN" hint="Optional, e.g. 110 (PPPoE access)" error={errorOf("vlan")}>
        <Input autoComplete="off" {...form.register("vlan")} />
      </Field>
      <Field label="Description" error={errorOf("description")} className="flex flex-col gap-1.5 sm:col-span-2">
        <Input autoComplete="off" {...form.register("description")} />
      </Field>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Add prefix"}
        </Button>
      </div>
    </form>
  );
}

export function DeletePrefixButton({ prefixId, prefix }: { prefixId: string; prefix: string }) {
  return (
    <ConfirmButton
      label="Remove"
      ariaLabel={`Remove prefix ${prefix}`}
      title={`Remove ${prefix}?`}
      description="Only the record goes; nothing changes on the routers. A prefix with pools cannot be removed."
      confirmLabel="Remove prefix"
      successMessage="Prefix removed."
      variant="ghost"
      run={() => deletePrefixAction({ prefixId })}
    />
  );
}
