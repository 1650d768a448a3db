"use client";
import { setStaticIpAction } from "@/lib/subscriptions/actions/static-ip";
import { useDialogActionForm } from "@/components/forms/use-dialog-action-form";
import { Field } from "@/components/forms/field";
import { Button } from "@/components/ui/button";
import { Input, NativeSelect } from "@/components/ui/input";
import { Dialog, DialogContent } from "@/components/ui/dialog";
import { formatMoney } from "@/lib/core/money";

type PoolOption = { id: string; name: string; range: string; monthlyFeeCentavos?: number | null };

/** Give the subscription a static address (typed, or the next free of a pool) or take it away; the router follows. */
export function StaticIp({
  subscriptionId,
  username,
  current,
  pools,
  currency = "PHP",
}: {
  subscriptionId: string;
  username: string;
  current: string | null;
  /** A pool with a fee bills its static addresses as an add-on on the subscription's invoice. */
  pools: PoolOption[];
  currency?: string;
}) {
  const initial = { subscriptionId, staticIp: current ?? "", poolId: "" };
  const { form, submit, pending, errorOf, open, setOpen, openFresh } = useDialogActionForm({
    loadSchema: () => import("@/lib/subscriptions/rules").then((m) => m.staticIpSchema),
    defaultValues: initial,
    action: setStaticIpAction,
    successMessage: (r: { staticIp: string | null }) => (r.staticIp ? `${username} now has ${r.staticIp}; the router gets it on the next reconcile.` : `${username} has no static address now.`),
  });
  const perMonth = (pool: PoolOption) => `${formatMoney(pool.monthlyFeeCentavos!, currency)}/month`;
  const chosen = pools.find((pool) => pool.id === form.watch("poolId"));
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      <Button
        size="sm"
        variant="outline"
        onClick={openFresh}
        aria-label={`Static IP of ${username}`}
      >
        Static IP
      </Button>
      <DialogContent
        title={`Static IP of ${username}`}
        description="Type an address, or leave it empty and pick a pool for its next free address. Empty and no pool: no static address (the old one is quarantined before anyone else gets it). An address from a pool with a monthly fee is billed as an add-on."
      >
        <form method="post" onSubmit={submit} noValidate className="grid gap-3">
          <Field label="Address" error={errorOf("staticIp")}>
            <Input inputMode="decimal" autoComplete="off" spellCheck={false} {...form.register("staticIp")} />
          </Field>
          {pools.length > 0 ? (
            <Field
              label="Or the next free address of"
              hint={chosen?.monthlyFeeCentavos ? `Billed ${perMonth(chosen)} as an add-on on this subscription's invoice.` : undefined}
              error={errorOf("poolId")}
            >
              <NativeSelect {...form.register("poolId")}>
                <option value="">No pool</option>
                {pools.map((pool) => (
                  <option key={pool.id} value={pool.id}>
                    {pool.name} ({pool.range}){pool.monthlyFeeCentavos ? ` · ${perMonth(pool)}` : ""}
                  </option>
                ))}
              </NativeSelect>
            </Field>
          ) : null}
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
