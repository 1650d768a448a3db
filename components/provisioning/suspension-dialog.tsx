"use client";
import { useState } from "react";
import dynamic from "next/dynamic";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent } from "@/components/ui/dialog";

export type SuspensionOutcome = { changed: number; skipped: number; routers: { status: "applied" | "pending"; message: string }[] };

export const suspensionCopy = {
  suspend: {
    button: "Suspend",
    title: "Suspend service",
    explain: "The account moves to the isolation profile (payment page only) and its live session is disconnected now.",
    submit: "Suspend",
    hint: "e.g. Unpaid November bill",
  },
  reactivate: {
    button: "Reactivate",
    title: "Reactivate service",
    explain: "The plan's profile is restored and the session reconnects on it within seconds.",
    submit: "Reactivate",
    hint: "e.g. Paid at the office, OR 00123",
  },
} as const;

/** Tells staff what happened on each router: applied now, or pending because the router is down or busy. */
export function announceOutcome(verb: string, outcome: SuspensionOutcome) {
  const pending = outcome.routers.filter((r) => r.status === "pending");
  const base = `${outcome.changed} ${outcome.changed === 1 ? "subscription" : "subscriptions"} ${verb}${outcome.skipped ? `; ${outcome.skipped} skipped (not in a state to change)` : ""}.`;
  if (pending.length === 0) toast.success(`${base} ${outcome.routers.length ? "Applied on the router." : ""}`.trim());
  else toast.warning(`${base} ${pending.map((p) => p.message).join(" ")}`, { duration: 10_000 });
}

const loadForm = () => import("./suspension-form");
const SuspensionForm = dynamic(() => loadForm().then((module) => module.SuspensionForm), { ssr: false });

/**
 * Suspend or reactivate one subscription or a selection of customers, with a reason; bulk use repeats
 * the count back ("Suspend 12 customers") and sends it so a changed selection is refused. The form (react-hook-form)
 * loads at the first opening.
 */
export function SuspensionDialog({
  mode,
  subscriptionIds = [],
  customerIds = [],
  label,
  size = "sm",
  onDone,
}: {
  mode: "suspend" | "reactivate";
  subscriptionIds?: string[];
  customerIds?: string[];
  /** What is affected, e.g. "acc-000042" or "12 customers". */
  label: string;
  size?: "sm" | "default";
  onDone?: () => void;
}) {
  const [open, setOpen] = useState(false);
  const text = suspensionCopy[mode];
  const bulk = customerIds.length > 0;
  return (
    <Dialog open={open} onOpenChange={setOpen}>
      {/* Suspend becomes Reactivate after the refresh: the shared key lets focus follow it (components/ui/return-focus.ts). */}
      <Button
        size={size}
        variant={mode === "suspend" ? "outline" : "default"}
        onClick={() => setOpen(true)}
        onPointerEnter={() => void loadForm()}
        onFocus={() => void loadForm()}
        aria-label={`${text.button} ${label}`}
        data-focus-key={bulk ? undefined : `service-status ${label}`}
      >
        {text.button}
      </Button>
      <DialogContent title={`${text.title}: ${label}`} description={text.explain}>
        <SuspensionForm
          mode={mode}
          subscriptionIds={subscriptionIds}
          customerIds={customerIds}
          label={label}
          onDone={() => {
            setOpen(false);
            onDone?.();
          }}
        />
      </DialogContent>
    </Dialog>
  );
}
