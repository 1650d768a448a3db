"use client";
import { terminateSubscriptionAction } from "@/lib/billing/actions/money";
import { formatMoney } from "@/lib/core/money";
import { ReasonDialog } from "@/components/billing/reason-dialog";

/** Ends a subscription today: the router account goes, prepaid days not used are credited back. */
export function TerminateSubscription({ subscriptionId, username }: { subscriptionId: string; username: string }) {
  return (
    <ReasonDialog
      trigger="End service"
      title={`End service of ${username}`}
      description="Takes effect today: the PPPoE or hotspot account is removed from the router. Prepaid days after today are credited back; postpaid days up to today are invoiced by the next billing run."
      submitLabel="End service"
      variant="danger"
      action={terminateSubscriptionAction}
      toInput={(v) => ({ subscriptionId, reason: v.reason })}
      successMessage={(d: { creditNoteNumber: string | null; creditCentavos: number }) =>
        d.creditNoteNumber ? `Service ended; ${formatMoney(d.creditCentavos)} credited (${d.creditNoteNumber}).` : "Service ended."
      }
    />
  );
}
