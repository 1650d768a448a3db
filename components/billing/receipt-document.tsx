import { formatCalendarDate, formatDocumentDate, methodWithReference, paymentMethodLabels } from "@/lib/billing/documents/format";
import type { ReceiptDocumentData } from "@/lib/billing/documents/types";
import { cn } from "@/lib/core/cn";
import {
  Callout,
  Letterhead,
  NotesAndFooter,
  Paper,
  PaperTable,
  PartyBlock,
  TotalsTable,
  accentOf,
  money,
  paperInk,
  type TotalRow,
} from "./document-parts";

/** The official receipt of a payment, with the same content as its PDF; invoice numbers link to their invoices. */
export function ReceiptDocument({ doc }: { doc: ReceiptDocumentData }) {
  const { branding, customer, payment } = doc;
  const accent = accentOf(branding);
  const amount = (centavos: number) => money(centavos, branding);
  const received = formatDocumentDate(payment.receivedAt, branding.timezone);
  const method = methodWithReference(payment.method, payment.reference);
  const applied = doc.appliedTo.reduce((sum, a) => sum + a.amountCentavos, 0);
  const totals: TotalRow[] = [
    { label: "Amount received", value: amount(payment.amountCentavos) },
    { label: "Applied to invoices", value: amount(applied) },
  ];
  if (payment.refundedCentavos > 0) totals.push({ label: "Refunded", value: amount(payment.refundedCentavos) });
  totals.push({ label: "Credit left on account", value: amount(doc.creditLeftCentavos), strong: true });
  return (
    <Paper label={`Official receipt ${payment.receiptNumber}`} accent={accent}>
      <Letterhead
        branding={branding}
        accent={accent}
        title="Official receipt"
        meta={[
          { label: "Receipt no.", value: payment.receiptNumber, strong: true },
          { label: "Date", value: received },
          { label: "Account no.", value: customer.accountNumber },
        ]}
      />
      <div className="flex flex-col gap-4 sm:flex-row sm:justify-between">
        <PartyBlock heading="Received from" customer={customer} />
        <Callout
          accent={accent}
          rows={[
            { label: "Amount received", value: amount(payment.amountCentavos), strong: true },
            { label: "Method", value: paymentMethodLabels[payment.method] },
          ]}
        />
      </div>
      <p>
        Received from <strong>{customer.name}</strong> the sum of <strong>{amount(payment.amountCentavos)}</strong> by {method} on {received}.
      </p>
      {doc.appliedTo.length > 0 ? (
        <PaperTable
          caption="Invoices paid"
          columns={[{ label: "Invoice no." }, { label: "Issue date" }, { label: "Amount applied", align: "right" }]}
        >
          {doc.appliedTo.map((a) => (
            <tr key={a.invoiceId}>
              <td className="px-2 py-2">
                <a className={cn("underline underline-offset-2", paperInk.link)} href={`/billing/invoices/${a.invoiceId}`}>
                  {a.number}
                </a>
              </td>
              <td className="px-2 py-2">{formatCalendarDate(a.issueDate)}</td>
              <td className="px-2 py-2 text-right tabular-nums">{amount(a.amountCentavos)}</td>
            </tr>
          ))}
        </PaperTable>
      ) : null}
      <TotalsTable caption="Payment summary" rows={totals} accent={accent} />
      <NotesAndFooter notes={[payment.notes]} footer={branding.invoiceFooter} />
    </Paper>
  );
}
