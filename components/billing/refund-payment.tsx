"use client";
import { refundPaymentAction } from "@/lib/billing/actions/money";
import { ReasonDialog } from "@/components/billing/reason-dialog";

/** Refund (full or partial) of a manual payment; a numbered credit note records it. */
export function RefundPayment({ payment }: { payment: { id: string; receiptNumber: string; refundableCentavos: number; gateway: string } }) {
  const online = payment.gateway === "stripe" ? "Stripe" : payment.gateway === "paypal" ? "PayPal" : null;
  return (
    <ReasonDialog
      trigger="Refund"
      title={`Refund from ${payment.receiptNumber}`}
      description={`Money paid back to the customer. Invoices this payment had covered open again for the refunded part.${
        online ? ` This records the refund in NetSphere; send the money back in the ${online} dashboard too.` : ""
      }`}
      submitLabel="Record refund"
      withAmount
      defaultAmountCentavos={payment.refundableCentavos}
      action={refundPaymentAction}
      toInput={(v) => ({ paymentId: payment.id, amount: v.amount, reason: v.reason })}
      successMessage={(d: { number: string }) => `Refund recorded as credit note ${d.number}.`}
      variant="ghost"
    />
  );
}
