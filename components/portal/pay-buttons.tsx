import { payTokenFor } from "@/lib/billing/pay-links";
import type { Provider } from "@/lib/payments/rules";
import { Button } from "@/components/ui/button";

const labels: Record<Provider, string> = { stripe: "Pay with card (Stripe)", paypal: "Pay with PayPal" };

/**
 * The ISP's enabled gateways as plain form buttons (they work without JavaScript): the same checkout the
 * invoice's pay link uses, so the payment lands on this invoice and service comes back by itself.
 */
export function PayButtons({
  tenantId,
  invoiceId,
  invoiceNumber,
  providers,
}: {
  tenantId: string;
  invoiceId: string;
  invoiceNumber: string;
  providers: Provider[];
}) {
  const token = payTokenFor({ tenantId, invoiceId });
  return (
    <div className="flex flex-wrap gap-2">
      {providers.map((provider) => (
        <form key={provider} action="/api/payments/checkout" method="post">
          <input type="hidden" name="token" value={token} />
          <input type="hidden" name="provider" value={provider} />
          <Button type="submit" variant={provider === "stripe" ? "default" : "outline"} aria-label={`${labels[provider]}: invoice ${invoiceNumber}`}>
            {labels[provider]}
          </Button>
        </form>
      ))}
    </div>
  );
}
