"use client";
import type { UseFormRegisterReturn } from "react-hook-form";
import { createPoolAction, deletePoolAction, updatePoolAction } from "@/lib/ipam/actions/ipam";
import { useActionForm } from "@/components/forms/use-action-form";
import { useDialogActionForm } from "@/components/forms/use-dialog-action-form";
import { Field } from "@/components/forms/field";
import { Input, NativeSelect } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { ConfirmButton } from "@/components/staff/confirm-button";
import { Dialog, DialogContent } from "@/components/ui/dialog";

type Option = { id: string; name: string };
type SettingName = "range" | "routerId" | "monthlyFee" | "quarantineDays" | "description";

/** What a pool is apart from its prefix and name: shared by adding and editing one. */
function PoolSettings({
  register,
  errorOf,
  routers,
}: {
  register: (name: SettingName) => UseFormRegisterReturn;
  errorOf: (name: SettingName) => string | undefined;
  routers: Option[];
}) {
  return (
    <>
      <Field label="Range" hint="first-last, or a prefix for all of it" error={errorOf("range")}>
        <Input autoComplete="off" spellCheck={false} {...register("range")} />
      </Field>
      <Field
        label="Router"
        hint="Its /ip/pool gets this pool and keeps it as recorded here. IPv6 pools are kept in our records only."
        error={errorOf("routerId")}
      >
        <NativeSelect {...register("routerId")}>
          <option value="">Not on a router</option>
          {routers.map((router) => (
            <option key={router.id} value={router.id}>
              {router.name}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field
        label="Monthly fee for a static address (₱)"
        hint="Billed as an add-on on the subscription's invoice; blank = free"
        error={errorOf("monthlyFee")}
      >
        <Input inputMode="decimal" autoComplete="off" {...register("monthlyFee")} />
      </Field>
      <Field label="Quarantine (days)" hint="How long a released address waits before anyone else gets it" error={errorOf("quarantineDays")}>
        <Input inputMode="numeric" {...register("quarantineDays")} />
      </Field>
      <Field label="Description" error={errorOf("description")} className="flex flex-col gap-1.5 sm:col-span-2">
        <Input autoComplete="off" {...register("description")} />
      </Field>
    </>
  );
}

const poolDefaults = { prefixId: "", name: "", range: "", routerId: "", monthlyFee: "", quarantineDays: "30", description: "" };

/** A pool inside a prefix, named as the routers' `/ip/pool` and the plans' address pool are. */
export function PoolForm({ prefixes, routers }: { prefixes: Option[]; routers: Option[] }) {
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/ipam/forms").then((m) => m.poolFieldsSchema),
    defaultValues: poolDefaults,
    action: createPoolAction,
    successMessage: "Pool added.",
    resetOnSuccess: true,
    refreshOnSuccess: true,
  });
  return (
    <form method="post" onSubmit={submit} noValidate className="grid gap-3 sm:grid-cols-2">
      <Field label="In prefix" error={errorOf("prefixId")}>
        <NativeSelect {...form.register("prefixId")}>
          <option value="">Choose a prefix</option>
          {prefixes.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field label="Pool name" hint="As on the routers and plans, e.g. pppoe-pool" error={errorOf("name")}>
        <Input autoComplete="off" spellCheck={false} {...form.register("name")} />
      </Field>
      <PoolSettings register={form.register} errorOf={errorOf} routers={routers} />
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? "Saving…" : "Add pool"}
        </Button>
      </div>
    </form>
  );
}

export type EditablePool = {
  id: string;
  name: string;
  range: string;
  routerId: string | null;
  monthlyFeeCentavos: number | null;
  quarantineDays: number;
  description: string;
};

/** Change a pool's range, router, fee, quarantine or notes (its prefix and name stay: the routers know it by name). */
export function EditPoolButton({ pool, routers }: { pool: EditablePool; routers: Option[] }) {
  const initial = {
    poolId: pool.id,
    range: pool.range,
    routerId: pool.routerId ?? "",
    monthlyFee: pool.monthlyFeeCentavos === null ? "" : (pool.monthlyFeeCentavos / 100).toFixed(2),
    quarantineDays: String(pool.quarantineDays),
    description: pool.description,
  };
  const { form, submit, pending, errorOf, open, setOpen, openFresh } = useDialogActionForm({
    loadSchema: () => import("@/lib/ipam/forms").then((m) => m.poolEditSchema),
    defaultValues: initial,
    action: updatePoolAction,
    successMessage: `Pool ${pool.name} saved.`,
  });
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <Button
        size="sm"
        variant="ghost"
        onClick={openFresh}
        aria-label={`Edit pool ${pool.name}`}
      >
        Edit
      </Button>
      <DialogContent
        title={`Edit pool ${pool.name}`}
        description="Range, router, fee for a static address, quarantine and notes. The router follows at once."
      >
        <form method="post" onSubmit={submit} noValidate className="grid gap-3">
          <PoolSettings register={form.register} errorOf={errorOf} routers={routers} />
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

export function DeletePoolButton({ poolId, name, onRouter }: { poolId: string; name: string; onRouter: string | null }) {
  return (
    <ConfirmButton
      label="Remove"
      ariaLabel={`Remove pool ${name}`}
      title={`Remove pool ${name}?`}
      description={`Refused while any of its addresses is assigned. Released addresses in quarantine are kept.${onRouter ? ` It is also removed from ${onRouter}'s /ip/pool.` : ""}`}
      confirmLabel="Remove pool"
      successMessage="Pool removed."
      variant="ghost"
      run={() => deletePoolAction({ poolId })}
    />
  );
}
