import { formatMoney } from "@/lib/core/money";
import { formatCalendarDate } from "@/lib/core/dates";
import type { OnlineMethod } from "@/lib/payments/rules";
import { MethodButtons } from "@/components/payments/method-buttons";
import { Badge } from "@/components/ui/badge";
import { PayButtons } from "./pay-buttons";

type Payable = { id: string; number: string; dueDate: string; outstandingCentavos: number; currency: string };

/** Unpaid invoices with their amount left, due date, PDF and the ISP's online payment buttons. */
export function PayableInvoices({
  tenantId,
  ispName,
  invoices,
  methods,
  today,
}: {
  tenantId: string;
  ispName: string;
  invoices: Payable[];
  methods: OnlineMethod[];
  today: string;
}) {
  if (invoices.length === 0) return <p className="text-sm">Nothing to pay right now. Thank you!</p>;
  return (
    <ul className="divide-y">
      {invoices.map((invoice) => (
        <li key={invoice.id} className="flex flex-col gap-3 py-3 first:pt-0 last:pb-0">
          <div className="flex flex-wrap items-baseline justify-between gap-2">
            <div>
              <p className="font-medium">
                Invoice <span className="font-mono">{invoice.number}</span> {invoice.dueDate < today ? <Badge tone="danger">Overdue</Badge> : null}
              </p>
              <p className="text-sm text-muted-foreground">Due {formatCalendarDate(invoice.dueDate)}</p>
            </div>
            <p className="text-lg font-semibold tabular-nums">{formatMoney(invoice.outstandingCentavos, invoice.currency)}</p>
          </div>
          <div className="flex flex-wrap items-center gap-3">
            {methods.length > 0 ? (
              <PayButtons tenantId={tenantId} invoiceId={invoice.id} invoiceNumber={invoice.number} methods={methods} />
            ) : null}
            <a className="text-sm text-primary underline underline-offset-4" href={`/api/portal/invoices/${invoice.id}/pdf`}>
              Download PDF<span className="sr-only"> of invoice {invoice.number}</span>
            </a>
          </div>
        </li>
      ))}
      {methods.length > 0 && invoices.length > 1 ? (
        <li className="flex flex-col gap-3 pt-3">
          <p className="font-medium">
            Pay everything at once:{" "}
            <span className="tabular-nums">{formatMoney(invoices.reduce((sum, i) => sum + i.outstandingCentavos, 0), invoices[0].currency)}</span>
          </p>
          <MethodButtons action="/api/portal/pay" fields={{}} methods={methods} what="your whole balance" />
        </li>
      ) : null}
      {methods.length === 0 ? (
        <li className="pt-3 text-sm text-muted-foreground">Online payment is not available yet. Please pay {ispName} as you usually do.</li>
      ) : null}
    </ul>
  );
}
