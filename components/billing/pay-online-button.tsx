"use client";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { createCheckoutAction } from "@/lib/payments/actions/create-checkout";
import { onlineMethodLabels, type OnlineMethod } from "@/lib/payments/values";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { GatewayCopyField } from "@/components/billing/gateway-copy-field";

/**
 * "Pay online" on an invoice: the invoice's pay link to send the customer (they choose how to pay), and, for
 * each way to pay the ISP offers, a direct link for the amount owed now. `methods` comes from `offeredMethods`.
 */
export function PayOnlineButton({ invoiceId, methods, disabled = false }: { invoiceId: string; methods: OnlineMethod[]; disabled?: boolean }) {
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [links, setLinks] = useState<{ payLink: string | null; checkout: Partial<Record<OnlineMethod, string>> }>({ payLink: null, checkout: {} });

  const request = (method?: OnlineMethod) =>
    startTransition(async () => {
      const result = await createCheckoutAction({ invoiceId, method });
      if (!result.ok) {
        if (method) toast.error(result.message);
        else setError(result.message);
        return;
      }
      setError(null);
      setLinks((prev) => ({
        payLink: result.data.payLink,
        checkout: method && result.data.checkoutUrl ? { ...prev.checkout, [method]: result.data.checkoutUrl } : prev.checkout,
      }));
    });

  return (
    <Dialog
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next && !links.payLink && !pending) request();
      }}
    >
      <DialogTrigger asChild>
        <Button type="button" variant="outline" disabled={disabled}>
          Pay online
        </Button>
      </DialogTrigger>
      <DialogContent title="Pay online" description="Send the customer this link; it opens a page where they pay this invoice the way they choose.">
        <div className="flex flex-col gap-4" aria-busy={pending}>
          {links.payLink ? (
            <GatewayCopyField label="Pay link" value={links.payLink} />
          ) : error ? (
            <p role="alert" className="text-sm text-danger">
              {error}
            </p>
          ) : (
            <p className="text-sm text-muted-foreground">Creating the link…</p>
          )}
          {methods.length === 0 ? (
            <p className="text-sm text-muted-foreground">No payment gateway is switched on yet: set one up under Billing → Payment gateways.</p>
          ) : (
            methods.map((method) =>
              links.checkout[method] ? (
                <GatewayCopyField
                  key={method}
                  label={`${onlineMethodLabels[method]} payment link`}
                  value={links.checkout[method]!}
                  hint={method === "qrph" ? "Shows a QR Ph code to scan; it expires within minutes." : "Goes straight to the payment; it expires within a day."}
                />
              ) : (
                <Button key={method} type="button" variant="outline" disabled={pending} onClick={() => request(method)}>
                  {pending ? "Creating…" : `Create a ${onlineMethodLabels[method]} payment link`}
                </Button>
              ),
            )
          )}
        </div>
      </DialogContent>
    </Dialog>
  );
}
