import { formatCalendarDate, formatDocumentDate, formatPeriod, settlementLabels, vatLabel } from "@/lib/billing/documents/format";
import type { InvoiceDocumentData } from "@/lib/billing/documents/types";
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
  type MetaItem,
} from "./document-parts";
import { PayQr } from "./pay-qr";

/**
 * The invoice as the customer sees it, with the same content as its PDF. `links` makes receipt numbers
 * open their receipts (off in the template preview, whose data is made up).
 */
export function InvoiceDocument({ doc, links = false }: { doc: InvoiceDocumentData; links?: boolean }) {
  const { branding, customer, invoice, totals } = doc;
  const accent = accentOf(branding);
  const amount = (centavos: number) => money(centavos, branding);
  const isVoid = invoice.status === "void";
  const period = formatPeriod(invoice.periodStart, invoice.periodEnd);
  const meta: MetaItem[] = [
    { label: "Invoice no.", value: invoice.number, strong: true },
    { label: "Issue date", value: formatCalendarDate(invoice.issueDate) },
    { label: "Due date", value: formatCalendarDate(invoice.dueDate), strong: true },
  ];
  if (period) meta.push({ label: "Billing period", value: period });
  return (
    <Paper label={`Invoice ${invoice.number}`} accent={accent}>
      <Letterhead
        branding={branding}
        accent={accent}
        title="Invoice"
        meta={meta}
        stamp={
          isVoid ? (
            <p
              className={cn(
                "mt-2 inline-block self-start -rotate-6 rounded border-4 sm:self-end border-[#b42318] px-4 py-1 text-4xl font-black tracking-widest",
                paperInk.void,
              )}
            >
              VOID
            </p>
          ) : null
        }
      />
      {isVoid ? (
        <p className={cn("rounded-md border border-[#b42318] px-3 py-2", paperInk.void)}>
          <strong>This invoice is void</strong>
          {invoice.voidedAt ? ` since ${formatDocumentDate(invoice.voidedAt, branding.timezone)}` : ""} and is not payable. Reason:{" "}
          {invoice.voidReason || "not given"}.
        </p>
      ) : null}
      <div className="flex flex-col gap-4 sm:flex-row sm:justify-between">
        <PartyBlock heading="Bill to" customer={customer} />
        <Callout
          accent={accent}
          rows={[
            { label: "Balance due", value: amount(totals.balanceDueCentavos), strong: true },
            { label: "Due date", value: formatCalendarDate(invoice.dueDate) },
          ]}
        />
      </div>
      <PaperTable caption="Charges" columns={[{ label: "Description" }, { label: "Period" }, { label: "Amount", align: "right" }]}>
        {doc.lines.map((line) => (
          <tr key={line.id} className="align-top">
            <td className="px-2 py-2">
              {line.description}
              {line.waived ? (
                <span className={cn("block text-xs", paperInk.muted)}>Waived{line.waiveReason ? `: ${line.waiveReason}` : ""}</span>
              ) : null}
            </td>
            <td className={cn("px-2 py-2", paperInk.muted)}>{formatPeriod(line.periodStart, line.periodEnd) || "—"}</td>
            <td className="px-2 py-2 text-right tabular-nums whitespace-nowrap">
              {line.waived ? (
                <>
                  <s className={paperInk.muted}>{amount(line.amountCentavos)}</s>
                  <span className="sr-only"> (waived, not charged)</span>
                </>
              ) : (
                amount(line.amountCentavos)
              )}
            </td>
          </tr>
        ))}
      </PaperTable>
      <div className="flex flex-col-reverse gap-4 sm:flex-row sm:items-start">
        {doc.payLink ? <PayQr payLink={doc.payLink} invoiceNumber={invoice.number} /> : null}
        <TotalsTable
          caption="Totals"
          accent={accent}
          rows={[
            { label: "VATable sales", value: amount(totals.vatableCentavos) },
            { label: "Zero-rated sales", value: amount(totals.zeroRatedCentavos) },
            { label: "VAT-exempt sales", value: amount(totals.exemptCentavos) },
            { label: vatLabel(doc.vatRateBps), value: amount(totals.taxCentavos) },
            { label: "Total amount due", value: amount(totals.totalCentavos), strong: true },
            { label: "Amount paid", value: amount(totals.amountPaidCentavos) },
            { label: "Balance due", value: amount(totals.balanceDueCentavos), strong: true },
          ]}
        />
      </div>
      {doc.payments.length > 0 ? (
        <PaperTable
          caption="Payments received"
          columns={[{ label: "Receipt no." }, { label: "Date" }, { label: "Method" }, { label: "Amount", align: "right" }]}
        >
          {doc.payments.map((p) => (
            <tr key={`${p.kind}-${p.id}`}>
              <td className="px-2 py-2">
                {links ? (
                  <a
                    className={cn("underline underline-offset-2", paperInk.link)}
                    href={p.kind === "payment" ? `/billing/receipts/${p.id}` : `/api/billing/documents/credit_note/${p.id}?inline=1`}
                  >
                    {p.number}
                  </a>
                ) : (
                  p.number
                )}
              </td>
              <td className="px-2 py-2">{formatDocumentDate(p.date, branding.timezone)}</td>
              <td className="px-2 py-2">{settlementLabels[p.method]}</td>
              <td className="px-2 py-2 text-right tabular-nums">{amount(p.amountCentavos)}</td>
            </tr>
          ))}
        </PaperTable>
      ) : null}
      <NotesAndFooter notes={[invoice.notes, branding.invoiceNotes]} footer={branding.invoiceFooter} />
    </Paper>
  );
}
