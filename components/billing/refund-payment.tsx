"use client";
import { refundPaymentAction } from "@/lib/billing/actions/money";
import { refundOnlineAction } from "@/lib/payments/actions/refund-online";
import { providerLabels, providers, type Provider } from "@/lib/payments/values";
import { ReasonDialog } from "@/components/billing/reason-dialog";

const onlineProvider = (gateway: string): Provider | null => (providers as readonly string[]).includes(gateway) ? (gateway as Provider) : null;

/**
 * Refund (full or partial) of a payment. Money taken by hand is recorded as paid back; money taken online is sent
 * back through the gateway that took it, and the credit note is written once the gateway confirms.
 */
export function RefundPayment({ payment }: { payment: { id: string; receiptNumber: string; refundableCentavos: number; gateway: string } }) {
  const online = onlineProvider(payment.gateway);
  const common = {
    trigger: "Refund",
    title: `Refund from ${payment.receiptNumber}`,
    withAmount: true,
    defaultAmountCentavos: payment.refundableCentavos,
    toInput: (v: { reason: string; amount?: string }) => ({ paymentId: payment.id, amount: v.amount, reason: v.reason }),
    variant: "ghost" as const,
  };
  if (!online) {
    return (
      <ReasonDialog
        {...common}
        description="Money paid back to the customer. Invoices this payment had covered open again for the refunded part."
        submitLabel="Record refund"
        action={refundPaymentAction}
        successMessage={(d: { number: string }) => `Refund recorded as credit note ${d.number}.`}
      />
    );
  }
  const label = providerLabels[online];
  return (
    <ReasonDialog
      {...common}
      description={`The money goes back to the customer through ${label}. NetSphere records the refund (and reopens what it had paid) once ${label} confirms it; a refund ${label} refuses changes nothing.`}
      submitLabel={`Refund through ${label}`}
      action={refundOnlineAction}
      successMessage={(d: { status: "succeeded" | "pending"; creditNoteNumber: string | null }) =>
        d.status === "succeeded"
          ? `${label} refunded it; recorded as credit note ${d.creditNoteNumber}.`
          : `Refund sent to ${label}. It is recorded here as soon as ${label} confirms it.`
      }
    />
  );
}
