"use client";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { createCheckoutAction } from "@/lib/payments/actions/create-checkout";
import { providerLabels, type Provider } from "@/lib/payments/values";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogTrigger } from "@/components/ui/dialog";
import { GatewayCopyField } from "@/components/billing/gateway-copy-field";

/**
 * "Pay online" on an invoice: the invoice's pay link to send the customer (they choose card or PayPal), and,
 * for the enabled gateways, a direct checkout link for the amount owed now. `providers` comes from
 * `enabledProviders(db, { tenantId })`.
 */
export function PayOnlineButton({ invoiceId, providers, disabled = false }: { invoiceId: string; providers: Provider[]; disabled?: boolean }) {
  const [open, setOpen] = useState(false);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const [links, setLinks] = useState<{ payLink: string | null; checkout: Partial<Record<Provider, string>> }>({ payLink: null, checkout: {} });

  const request = (provider?: Provider) =>
    startTransition(async () => {
      const result = await createCheckoutAction({ invoiceId, provider });
      if (!result.ok) {
        if (provider) toast.error(result.message);
        else setError(result.message);
        return;
      }
      setError(null);
      setLinks((prev) => ({
        payLink: result.data.payLink,
        checkout: provider && result.data.checkoutUrl ? { ...prev.checkout, [provider]: result.data.checkoutUrl } : prev.checkout,
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
      <DialogContent title="Pay online" description="Send the customer this link; it opens a page where they pay this invoice by card or PayPal.">
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
          {providers.length === 0 ? (
            <p className="text-sm text-muted-foreground">No payment gateway is switched on yet: set one up under Billing → Payment gateways.</p>
          ) : (
            providers.map((provider) =>
              links.checkout[provider] ? (
                <GatewayCopyField
                  key={provider}
                  label={`${providerLabels[provider]} checkout link`}
                  value={links.checkout[provider]!}
                  hint={
                    provider === "stripe"
                      ? "Goes straight to card payment; expires after 24 hours."
                      : "Goes straight to PayPal; expires after a few hours."
                  }
                />
              ) : (
                <Button key={provider} type="button" variant="outline" disabled={pending} onClick={() => request(provider)}>
                  {pending ? "Creating…" : `Create a ${providerLabels[provider]} checkout link`}
                </Button>
              ),
            )
          )}
        </div>
      </DialogContent>
    </Dialog>
  );
}
