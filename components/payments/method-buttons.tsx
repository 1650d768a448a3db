import { onlineMethodLabels, type OnlineMethod } from "@/lib/payments/values";
import { Button } from "@/components/ui/button";
import { cn } from "@/lib/core/cn";

/**
 * The ways to pay the ISP offers, as plain form buttons (they work without JavaScript). `fields` say what is
 * paid: an invoice's pay token, or nothing for the signed-in subscriber's balance (`action` then points at the
 * portal's route). The wallets come first: most subscribers pay with GCash or Maya.
 */
export function MethodButtons({
  action = "/api/payments/checkout",
  fields,
  methods,
  what,
  block = false,
}: {
  action?: string;
  fields: Record<string, string>;
  methods: OnlineMethod[];
  /** For screen readers: "invoice INV-2026-000123" or "your balance". */
  what: string;
  block?: boolean;
}) {
  return (
    <div className={cn("flex gap-2", block ? "flex-col" : "flex-wrap")}>
      {methods.map((method, index) => (
        <form key={method} action={action} method="post">
          {Object.entries(fields).map(([name, value]) => (
            <input key={name} type="hidden" name={name} value={value} />
          ))}
          <input type="hidden" name="method" value={method} />
          <Button
            type="submit"
            size={block ? "lg" : "default"}
            className={block ? "w-full" : undefined}
            variant={index === 0 ? "default" : "outline"}
            aria-label={`Pay ${what} with ${onlineMethodLabels[method]}`}
          >
            Pay with {onlineMethodLabels[method]}
          </Button>
        </form>
      ))}
    </div>
  );
}
