"use client";
import { creditNoteAction, voidInvoiceAction } from "@/lib/billing/actions/money";
import { ReasonDialog } from "@/components/billing/reason-dialog";
import { RecordPayment } from "@/components/billing/record-payment";

/** The buttons on an invoice, each shown only when the role may use it and the invoice allows it. */
export function InvoiceActions({
  invoice,
  can,
  today,
}: {
  invoice: { id: string; number: string; customerId: string; status: string; totalCentavos: number; amountPaidCentavos: number };
  can: { record: boolean; write: boolean };
  today: string;
}) {
  const outstanding = invoice.totalCentavos - invoice.amountPaidCentavos;
  const open = invoice.status === "open" && outstanding > 0;
  return (
    <div className="flex flex-wrap gap-2">
      {can.record && open ? (
        <RecordPayment customerId={invoice.customerId} invoiceId={invoice.id} suggestedCentavos={outstanding} today={today} />
      ) : null}
      {can.write && open ? (
        <ReasonDialog
          trigger="Credit note"
          title={`Credit note on ${invoice.number}`}
          description="Lowers what this invoice asks for, e.g. for an outage. At most the unpaid amount."
          submitLabel="Issue credit note"
          withAmount
          action={creditNoteAction}
          toInput={(v) => ({ invoiceId: invoice.id, amount: v.amount, reason: v.reason })}
          successMessage={(d: { number: string }) => `Credit note ${d.number} issued.`}
        />
      ) : null}
      {can.write && invoice.status === "open" && invoice.amountPaidCentavos === 0 ? (
        <ReasonDialog
          trigger="Void"
          title={`Void ${invoice.number}`}
          description="A void invoice stays on record with its reason but no longer counts. Paid invoices can't be voided; issue a credit note instead."
          submitLabel="Void invoice"
          variant="danger"
          action={voidInvoiceAction}
          toInput={(v) => ({ invoiceId: invoice.id, reason: v.reason })}
          successMessage={(d: { number: string }) => `${d.number} voided.`}
        />
      ) : null}
    </div>
  );
}
