"use client";
import { useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { previewBillingAction, runBillingAction } from "@/lib/billing/actions/admin";
import type { BillingPreview } from "@/lib/billing/run";
import { formatMoney } from "@/lib/core/money";
import { Field } from "@/components/forms/field";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

/** "Bill up to" a date: preview what would be invoiced, then run it. Safe to repeat: nothing is billed twice. */
export function RunBilling({ today }: { today: string }) {
  const router = useRouter();
  const [billUpTo, setBillUpTo] = useState(today);
  const [preview, setPreview] = useState<(BillingPreview & { billUpTo: string }) | null>(null);
  const [error, setError] = useState<string>();
  const [pending, start] = useTransition();

  const doPreview = () =>
    start(async () => {
      setError(undefined);
      const result = await previewBillingAction({ billUpTo });
      if (!result.ok) {
        setError(result.fieldErrors?.billUpTo?.[0] ?? result.message);
        return;
      }
      setPreview({ ...result.data, billUpTo });
    });
  const doRun = () =>
    start(async () => {
      const result = await runBillingAction({ billUpTo });
      if (!result.ok) {
        toast.error(result.message);
        return;
      }
      toast.success(`Billing run finished: ${result.data.invoicesCreated} invoices, ${formatMoney(result.data.amountCentavos)}.`);
      setPreview(null);
      router.refresh();
    });

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-2">
        <Field label="Bill up to" hint="Invoices every period due on or before this date" error={error}>
          <Input
            type="date"
            value={billUpTo}
            onChange={(event) => {
              setBillUpTo(event.target.value);
              setPreview(null);
            }}
          />
        </Field>
        <Button variant="outline" onClick={doPreview} disabled={pending}>
          {pending && !preview ? "Working…" : "Preview"}
        </Button>
      </div>
      {preview ? (
        <div className="space-y-3 rounded-md border p-3" role="status">
          <p className="text-sm">
            Billing up to {preview.billUpTo} would issue <strong>{preview.invoices}</strong> invoice{preview.invoices === 1 ? "" : "s"} for{" "}
            <strong>{preview.subscriptions}</strong> subscription{preview.subscriptions === 1 ? "" : "s"}, totalling{" "}
            <strong>{formatMoney(preview.amountCentavos)}</strong>.
          </p>
          {preview.sample.length > 0 ? (
            <div className="overflow-x-auto">
              <table className="w-full text-sm">
                <caption className="sr-only">First invoices of the run</caption>
                <thead className="text-left text-muted-foreground">
                  <tr>
                    <th scope="col" className="p-2 font-medium">
                      Issue date
                    </th>
                    <th scope="col" className="p-2 font-medium">
                      Charge
                    </th>
                    <th scope="col" className="p-2 text-right font-medium">
                      Total
                    </th>
                  </tr>
                </thead>
                <tbody className="divide-y">
                  {preview.sample.map((s, index) => (
                    <tr key={`${s.customerId}-${index}`}>
                      <td className="whitespace-nowrap p-2">{s.issueDate}</td>
                      <td className="p-2">{s.description}</td>
                      <td className="p-2 text-right tabular-nums">{formatMoney(s.totalCentavos)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <Button onClick={doRun} disabled={pending || preview.invoices === 0}>
            {pending ? "Billing…" : preview.invoices === 0 ? "Nothing to bill" : `Issue ${preview.invoices} invoices`}
          </Button>
        </div>
      ) : null}
    </div>
  );
}
