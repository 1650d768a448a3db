"use client";
import { useId, useRef, useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { buyPortalTopUpAction } from "@/lib/portal/actions/top-ups";
import { FocusKeepingButton } from "@/components/ui/focus-keeping-button";
import { buttonVariants } from "@/components/ui/classes";
import { textFields, usePlainForm } from "@/components/forms/use-plain-form";
import { FormAlert } from "./form-alert";

type Bought = { granted: boolean; data: string; invoiceNumber: string | null; payPath: string | null };

/** What happened, and where to go next: the bill it was added to, or the invoice to pay first. */
function Outcome({ bought }: { bought: Bought }) {
  const link = "font-medium text-primary underline underline-offset-4";
  if (bought.granted)
    return (
      <FormAlert tone="success">
        Added {bought.data}.
        {bought.invoiceNumber ? (
          <>
            {" "}
            Invoice <span className="font-mono">{bought.invoiceNumber}</span> was added to your bill.{" "}
            <Link className={link} href="/portal/bills">
              See your bills
            </Link>
          </>
        ) : null}
      </FormAlert>
    );
  const invoice = <span className="font-mono">{bought.invoiceNumber}</span>;
  return (
    <FormAlert tone="success">
      {bought.payPath ? (
        <a className={link} href={bought.payPath}>
          Pay invoice {invoice}
        </a>
      ) : (
        <>Pay invoice {invoice}</>
      )}{" "}
      to add the {bought.data}: you have an overdue bill, so extra data waits for payment.
    </FormAlert>
  );
}

/**
 * "Buy more data" for one service: the ISP's packs on sale as a choice, one button. Works as a plain form (no form
 * library or zod in the first load); the answer stays under the button with the bill or pay link.
 */
export function BuyData({
  subscriptionId,
  serviceLabel,
  packs,
  canPayOnline = false,
}: {
  subscriptionId: string;
  serviceLabel: string;
  packs: { id: string; label: string }[];
  canPayOnline?: boolean;
}) {
  const router = useRouter();
  const [bought, setBought] = useState<Bought | null>(null);
  // Which button sent the form, kept until its answer arrives: the form's data does not name the button pressed,
  // and the page re-rendered by the purchase must not change what was chosen.
  const payNow = useRef(false);
  const errorId = useId();
  const { submit, pending, errorOf } = usePlainForm({
    action: buyPortalTopUpAction,
    toInput: (fields) => ({ subscriptionId, ...textFields(fields, ["packId"]), payNow: payNow.current ? ("true" as const) : ("false" as const) }),
    onSuccess: (result) => {
      // Paying now: straight to the invoice's payment page; the data is added when the payment arrives.
      if (payNow.current && result.payPath) return window.location.assign(result.payPath);
      setBought(result);
      router.refresh();
    },
  });
  const error = errorOf("packId") ?? errorOf("subscriptionId");
  return (
    <form method="post" onSubmit={submit} noValidate className="flex flex-col gap-3">
      <fieldset className="flex flex-col gap-2" aria-describedby={error ? errorId : undefined}>
        <legend className="mb-1 text-sm font-medium">Buy more data for {serviceLabel}</legend>
        {packs.map((pack, index) => (
          <label key={pack.id} className="flex items-center gap-2 text-sm">
            <input type="radio" name="packId" value={pack.id} defaultChecked={index === 0} className="size-4 shrink-0 accent-[var(--primary)]" />
            {pack.label}
          </label>
        ))}
        {error ? (
          <p id={errorId} role="alert" className="text-xs font-medium text-danger">
            {error}
          </p>
        ) : null}
      </fieldset>
      <p className="text-xs text-muted-foreground">
        {canPayOnline
          ? "Add it to your bill as its own invoice, or pay online now and the data is added once paid. The data is for this cycle only."
          : "The price is added to your bill as its own invoice. The data is for this cycle only."}
      </p>
      <div className="flex flex-wrap gap-2">
        <FocusKeepingButton type="submit" className={buttonVariants()} disabled={pending} onClick={() => (payNow.current = false)}>
          {pending ? "Buying…" : canPayOnline ? "Add to my bill" : "Buy"}
        </FocusKeepingButton>
        {canPayOnline ? (
          <FocusKeepingButton type="submit" className={buttonVariants({ variant: "outline" })} disabled={pending} onClick={() => (payNow.current = true)}>
            Pay now online
          </FocusKeepingButton>
        ) : null}
      </div>
      {bought ? <Outcome bought={bought} /> : null}
    </form>
  );
}
