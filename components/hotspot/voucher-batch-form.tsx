"use client";
import { useRouter } from "next/navigation";
import { createVoucherBatchAction } from "@/lib/hotspot/actions/voucher-batches";
import { MAX_VOUCHERS_PER_BATCH } from "@/lib/hotspot/values";
import { useActionForm } from "@/components/forms/use-action-form";
import { Field } from "@/components/forms/field";
import { Input, NativeSelect } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { unnestFieldErrors } from "@/components/routers/action-result";

type PlanOption = { id: string; name: string; downloadKbps: number; uploadKbps: number };

const speed = (kbps: number) => (kbps >= 1000 ? `${kbps / 1000} Mbps` : `${kbps} kbps`);

/** Prints a batch of prepaid codes for this router; the plan gives the hotspot profile and speed. */
export function VoucherBatchForm({ routerId, plans }: { routerId: string; plans: PlanOption[] }) {
  const router = useRouter();
  const initial = { name: "", planId: plans[0]?.id ?? "", count: "50", validity: "1", validityUnit: "days" as const, price: "" };
  const { form, submit, pending, errorOf } = useActionForm({
    loadSchema: () => import("@/lib/hotspot/rules").then((m) => m.voucherBatchFieldsSchema),
    defaultValues: initial,
    action: async (batch: never) => unnestFieldErrors(await createVoucherBatchAction({ routerId, batch }), "batch"),
    successMessage: (d: { name: string; count: number }) => `${d.count} vouchers created in “${d.name}”. Sending them to the router now.`,
    onSuccess: () => {
      form.reset(initial);
      router.refresh();
    },
  });
  const r = form.register;
  if (plans.length === 0)
    return <p className="text-sm text-muted-foreground">Add an active hotspot plan first: it gives the vouchers their profile and speed.</p>;
  return (
    <form method="post" onSubmit={submit} noValidate className="grid gap-4 sm:grid-cols-2">
      <Field label="Batch name" error={errorOf("name")}>
        <Input placeholder="1-day passes, May" {...r("name")} />
      </Field>
      <Field label="Hotspot plan" error={errorOf("planId")}>
        <NativeSelect {...r("planId")}>
          {plans.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name} ({speed(p.downloadKbps)} down / {speed(p.uploadKbps)} up)
            </option>
          ))}
        </NativeSelect>
      </Field>
      <Field label="Number of codes" hint={`1 to ${MAX_VOUCHERS_PER_BATCH.toLocaleString("en-PH")}`} error={errorOf("count")}>
        <Input inputMode="numeric" {...r("count")} />
      </Field>
      <Field label="Price per code (₱)" error={errorOf("price")}>
        <Input inputMode="decimal" placeholder="20.00" {...r("price")} />
      </Field>
      <Field label="Validity" hint="Total time online once a code is first used" error={errorOf("validity")}>
        <Input inputMode="numeric" {...r("validity")} />
      </Field>
      <Field label="Validity unit" error={errorOf("validityUnit")}>
        <NativeSelect {...r("validityUnit")}>
          <option value="minutes">Minutes</option>
          <option value="hours">Hours</option>
          <option value="days">Days</option>
        </NativeSelect>
      </Field>
      <div className="sm:col-span-2">
        <Button type="submit" disabled={pending}>
          {pending ? "Creating…" : "Create vouchers"}
        </Button>
      </div>
    </form>
  );
}
