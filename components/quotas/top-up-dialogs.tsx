"use client";
import { giveTopUpAction, sellTopUpAction } from "@/lib/quotas/actions/top-ups";
import { useDialogActionForm } from "@/components/forms/use-dialog-action-form";
import { Field } from "@/components/forms/field";
import { Button } from "@/components/ui/button";
import { Input, NativeSelect } from "@/components/ui/input";
import { Dialog, DialogContent } from "@/components/ui/dialog";

/** Extra data for this cycle at no charge (goodwill after an outage); the reason goes to the customer's timeline. */
export function GiveTopUp({ subscriptionId, username }: { subscriptionId: string; username: string }) {
  const initial = { subscriptionId, gigabytes: "" as unknown as number, reason: "" };
  const { form, submit, pending, errorOf, open, setOpen, openFresh } = useDialogActionForm({
    loadSchema: () => import("@/lib/quotas/forms").then((m) => m.giveTopUpSchema),
    defaultValues: initial,
    action: giveTopUpAction,
    successMessage: (r: { data: string }) => `Added ${r.data} for ${username} this cycle.`,
  });
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <Button
        size="sm"
        variant="outline"
        onClick={openFresh}
        aria-label={`Give extra data to ${username}`}
      >
        Give extra data
      </Button>
      <DialogContent title={`Give extra data to ${username}`} description="Free, for this cycle only. A subscriber held at the cap is released at once.">
        <form method="post" onSubmit={submit} noValidate className="grid gap-3">
          <Field label="Extra data (GB)" error={errorOf("gigabytes")}>
            <Input inputMode="decimal" autoComplete="off" {...form.register("gigabytes")} />
          </Field>
          <Field label="Reason" hint="Kept in the customer's history, e.g. Outage on Dec 2" error={errorOf("reason")}>
            <Input autoComplete="off" {...form.register("reason")} />
          </Field>
          <div>
            <Button type="submit" disabled={pending}>
              {pending ? "Adding…" : "Give extra data"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}

type SellResult = { granted: boolean; data: string; invoiceNumber: string | null };

const soldMessage = (r: SellResult) => {
  if (!r.invoiceNumber) return `Added ${r.data}.`;
  return r.granted
    ? `Added ${r.data}; invoice ${r.invoiceNumber} is on the customer's bill.`
    : `Invoice ${r.invoiceNumber} issued. The customer has an overdue bill, so the ${r.data} is added when this invoice is paid.`;
};

/** Sell one of the ISP's packs (on the phone or at the counter): invoiced like a portal purchase. */
export function SellTopUp({ subscriptionId, username, packs }: { subscriptionId: string; username: string; packs: { id: string; label: string }[] }) {
  const initial = { subscriptionId, packId: packs[0]?.id ?? "" };
  const { form, submit, pending, errorOf, open, setOpen, openFresh } = useDialogActionForm({
    loadSchema: () => import("@/lib/quotas/forms").then((m) => m.sellTopUpSchema),
    defaultValues: initial,
    action: sellTopUpAction,
    successMessage: soldMessage,
  });
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <Button
        size="sm"
        variant="outline"
        onClick={openFresh}
        aria-label={`Sell a top-up to ${username}`}
      >
        Sell a top-up
      </Button>
      <DialogContent
        title={`Sell a top-up to ${username}`}
        description="An invoice for the pack's price is issued now. The data is added at once, or when that invoice is paid if the customer has an overdue bill."
      >
        <form method="post" onSubmit={submit} noValidate className="grid gap-3">
          <Field label="Pack" error={errorOf("packId")}>
            <NativeSelect {...form.register("packId")}>
              {packs.map((pack) => (
                <option key={pack.id} value={pack.id}>
                  {pack.label}
                </option>
              ))}
            </NativeSelect>
          </Field>
          <div>
            <Button type="submit" disabled={pending}>
              {pending ? "Selling…" : "Sell and invoice"}
            </Button>
          </div>
        </form>
      </DialogContent>
    </Dialog>
  );
}
