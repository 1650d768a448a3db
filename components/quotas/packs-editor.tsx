"use client";
import { useRouter } from "next/navigation";
import { deleteTopUpPackAction, saveTopUpPackAction } from "@/lib/quotas/actions/packs";
import type { PackFormValues } from "@/lib/quotas/forms";
import { useDialogActionForm } from "@/components/forms/use-dialog-action-form";
import { CheckboxField, Field } from "@/components/forms/field";
import { Input } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { Badge } from "@/components/ui/badge";
import { DataTable } from "@/components/ui/table";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { ConfirmButton } from "@/components/staff/confirm-button";

/** A pack as the page hands it over: its stored values and their words ("10 GB", "₱99.00"). */
export type PackRow = { id: string; name: string; gigabytes: number; priceCentavos: number; active: boolean; data: string; price: string };

const emptyPack: PackFormValues = { packId: "", name: "", gigabytes: "" as unknown as number, price: "", active: true };

const valuesOf = (pack: PackRow): PackFormValues => ({
  packId: pack.id,
  name: pack.name,
  gigabytes: pack.gigabytes,
  price: (pack.priceCentavos / 100).toFixed(2),
  active: pack.active,
});

/** The ISP's top-up packs: the list, and (with plans:write) adding, editing and deleting them in dialogs. */
export function PacksEditor({ packs, canEdit }: { packs: PackRow[]; canEdit: boolean }) {
  return (
    <div className="flex flex-col gap-4">
      {canEdit ? (
        <div>
          <PackDialog />
        </div>
      ) : null}
      {packs.length === 0 ? (
        <p className="rounded-md border border-dashed p-4 text-sm text-muted-foreground">
          No packs yet. Subscribers on a plan with a data cap can buy these in the portal when they run out; staff can sell them from the customer page.
        </p>
      ) : (
        <DataTable
          columns={[
            { label: "Name" },
            { label: "Data", align: "right" },
            { label: "Price", align: "right" },
            { label: "On sale" },
            ...(canEdit ? [{ label: "Actions", srOnly: true }] : []),
          ]}
        >
          {packs.map((pack) => (
            <tr key={pack.id}>
              <td className="p-3 font-medium">{pack.name}</td>
              <td className="whitespace-nowrap p-3 text-right tabular-nums">{pack.data}</td>
              <td className="whitespace-nowrap p-3 text-right tabular-nums">{pack.price}</td>
              <td className="p-3">{pack.active ? <Badge tone="success">On sale</Badge> : <Badge>Not on sale</Badge>}</td>
              {canEdit ? (
                <td className="whitespace-nowrap p-3 text-right">
                  <PackDialog pack={pack} />
                  <DeletePack pack={pack} />
                </td>
              ) : null}
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}

/** Add a pack (no `pack`) or edit one. */
function PackDialog({ pack }: { pack?: PackRow }) {
  const initial = pack ? valuesOf(pack) : emptyPack;
  const { form, submit, pending, errorOf, open, setOpen, openFresh } = useDialogActionForm({
    loadSchema: () => import("@/lib/quotas/forms").then((m) => m.packFieldsSchema),
    defaultValues: initial,
    action: saveTopUpPackAction,
    successMessage: (r: { name: string }) => `Pack "${r.name}" saved.`,
  });
  const title = pack ? `Edit pack ${pack.name}` : "Add a top-up pack";
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <Button
        size="sm"
        variant={pack ? "ghost" : "default"}
        onClick={openFresh}
        aria-label={title}
      >
        {pack ? "Edit" : "Add a pack"}
      </Button>
      <DialogContent title={title} description="Extra data for the current cycle, invoiced when bought. Changing a pack leaves top-ups already sold as they were.">
        <form method="post" onSubmit={submit} noValidate className="grid gap-3 sm:grid-cols-2">
          <Field label="Name" error={errorOf("name")} className="flex flex-col gap-1.5 sm:col-span-2">
            <Input placeholder="10 GB add-on" autoComplete="off" {...form.register("name")} />
          </Field>
          <Field label="Data (GB)" error={errorOf("gigabytes")}>
            <Input inputMode="decimal" autoComplete="off" {...form.register("gigabytes")} />
          </Field>
          <Field label="Price (₱)" hint="VAT as your tax settings say; 0 for free" error={errorOf("price")}>
            <Input inputMode="decimal" autoComplete="off" {...form.register("price")} />
          </Field>
          <div className="sm:col-span-2">
            <CheckboxField label="On sale (shown in the portal)" {...form.register("active")} />
          </div>
          <div>
            <Button type="submit" disabled={pending}>
              {pending ? "Saving…" : pack ? "Save pack" : "Add pack"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function DeletePack({ pack }: { pack: PackRow }) {
  const router = useRouter();
  return (
    <ConfirmButton
      label="Delete"
      ariaLabel={`Delete pack ${pack.name}`}
      title={`Delete pack ${pack.name}?`}
      description="It is no longer sold. Top-ups already bought keep their data, price and invoice. To stop selling it for a while, edit it and untick On sale instead."
      confirmLabel="Delete pack"
      successMessage={`Pack ${pack.name} deleted.`}
      danger
      variant="ghost"
      run={() => deleteTopUpPackAction({ packId: pack.id })}
      onDone={() => router.refresh()}
    />
  );
}
