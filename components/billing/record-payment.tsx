"use client";
import { recordPaymentAction } from "@/lib/billing/actions/money";
import { paymentMethodLabels } from "@/lib/billing/values";
import { formatMoney } from "@/lib/core/money";
import { newIdempotencyKey, PaymentDialog } from "@/components/billing/payment-dialog";

type Result = { receiptNumber: string; allocatedCentavos: number; creditCentavos: number; reactivated: number; created: boolean };

function describe(result: Result) {
  if (!result.created) return `Already recorded as ${result.receiptNumber}.`;
  const parts = [`Payment recorded: official receipt ${result.receiptNumber}.`];
  if (result.creditCentavos > 0) parts.push(`${formatMoney(result.creditCentavos)} kept as credit.`);
  if (result.reactivated > 0) parts.push(`Service reactivated (${result.reactivated}).`);
  return parts.join(" ");
}

/**
 * "Record payment" for billing staff: cash, bank transfer, GCash/Maya with their reference numbers. The
 * form carries one idempotency key per opening, so a double click or a retry records one payment.
 */
export function RecordPayment({
  customerId,
  invoiceId,
  suggestedCentavos,
  today,
  label = "Record payment",
  variant = "default",
}: {
  customerId: string;
  invoiceId?: string;
  suggestedCentavos?: number;
  /** Today in the ISP's time zone: the default date the money came in. */
  today: string;
  label?: string;
  variant?: "default" | "outline";
}) {
  return (
    <PaymentDialog
      loadSchema={() => import("@/lib/billing/forms").then((m) => m.paymentFieldsSchema)}
      initial={() => ({
        customerId,
        invoiceId: invoiceId ?? "",
        amount: suggestedCentavos && suggestedCentavos > 0 ? (suggestedCentavos / 100).toFixed(2) : "",
        method: "gcash",
        reference: "",
        receivedAt: today,
        notes: "",
        idempotencyKey: newIdempotencyKey(),
      })}
      action={recordPaymentAction}
      successMessage={(data: Result) => describe(data)}
      today={today}
      buttonLabel={label}
      buttonVariant={variant}
      buttonSize="sm"
      title="Record payment"
      description="Applied to the oldest open invoice first; anything over is kept as the customer's credit."
      referenceField={(method) => ({
        label: method === "gcash" || method === "maya" ? `${paymentMethodLabels[method]} reference number` : "Reference",
        hint: method === "cash" ? "Optional for cash" : "As shown on the customer's confirmation",
      })}
      withNotes
    />
  );
}
