"use client";
import { activateSubscriptionAction } from "@/lib/subscriptions/actions/activate";
import { formatCalendarDate } from "@/lib/core/dates";
import { ReasonDialog } from "@/components/billing/reason-dialog";

/** Starts a pending subscription's service today: the router account is created and billing starts from today. */
export function ActivateSubscription({ subscriptionId, username }: { subscriptionId: string; username: string }) {
  return (
    <ReasonDialog
      trigger="Activate"
      title={`Activate ${username}`}
      description="Service and billing start today: the PPPoE or hotspot account is created on the router. Note what was done (e.g. the installation and the CPE)."
      submitLabel="Activate service"
      action={activateSubscriptionAction}
      toInput={(v) => ({ subscriptionId, reason: v.reason })}
      successMessage={(d: { startDate: string }) => `Service active from ${formatCalendarDate(d.startDate)}.`}
    />
  );
}
