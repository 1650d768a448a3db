"use client";
import { recordNetspherePaymentAction } from "@/lib/tenants/actions/platform";
import { formatMoney } from "@/lib/core/money";
import { newIdempotencyKey, PaymentDialog } from "@/components/billing/payment-dialog";

type Result = { receiptNumber: string; created: boolean; creditCentavos: number };

/** The operator records an ISP's bank transfer (or other payment outside the checkout); one key per opening, so a double click records once. */
export function NetspherePayment({ tenantId, ispName, owedCentavos, today }: { tenantId: string; ispName: string; owedCentavos: number; today: string }) {
  return (
    <PaymentDialog
      loadSchema={() => import("@/lib/tenants/forms").then((m) => m.netspherePaymentSchema)}
      initial={() => ({
        tenantId,
        amount: owedCentavos > 0 ? (owedCentavos / 100).toFixed(2) : "",
        method: "bank_transfer",
        reference: "",
        receivedAt: today,
        idempotencyKey: newIdempotencyKey(),
      })}
      action={recordNetspherePaymentAction}
      successMessage={(data: Result) =>
        data.created
          ? `Recorded for ${ispName}: receipt ${data.receiptNumber}${data.creditCentavos > 0 ? `, ${formatMoney(data.creditCentavos)} kept as credit` : ""}.`
          : `Already recorded as ${data.receiptNumber}.`
      }
      today={today}
      buttonLabel={
        <>
          Record payment<span className="sr-only"> from {ispName}</span>
        </>
      }
      buttonVariant="outline"
      buttonSize="sm"
      title={`Payment from ${ispName}`}
      description="Applied to the oldest open NetSphere invoice first; anything over is kept as credit."
      referenceField={() => ({ label: "Reference", hint: "The bank's transaction reference" })}
    />
  );
}
