import Link from "next/link";
import { formatDateTime } from "@/lib/core/dates";
import { formatMoney } from "@/lib/core/money";
import { paymentMethodLabels } from "@/lib/billing/values";
import type { GatewayTransaction } from "@/lib/payments/gateway-types";
import { amountOf, type SettlementLine } from "@/lib/payments/settlement";
import { DataTable } from "@/components/ui/table";
import { Badge } from "@/components/ui/badge";

type Shown = { currency: string; timeZone: string; gatewayLabel: string };

const kindLabels: Record<GatewayTransaction["kind"], string> = {
  payment: "Payment",
  refund: "Refund",
  payout: "Payout",
  fee: "Fee",
  adjustment: "Adjustment",
};

function StatusBadge({ line, gatewayLabel }: { line: SettlementLine; gatewayLabel: string }) {
  if (line.status === "unchecked") return <Badge tone="neutral">Not checked</Badge>;
  if (line.status === "unmatched") return <Badge tone="danger">Only in NetSphere</Badge>;
  return line.problem ? <Badge tone="warning">Amount differs</Badge> : <Badge tone="success">Matched at {gatewayLabel}</Badge>;
}

/** NetSphere's payments and refunds, each with what the gateway says of it. */
export function SettlementLinesTable({ lines, label, shown }: { lines: SettlementLine[]; label: string; shown: Shown }) {
  const money = (centavos: number, currency = shown.currency) => formatMoney(centavos, currency);
  return (
    <DataTable
      label={label}
      columns={[
        { label: "Status" },
        { label: "Date" },
        { label: "Receipt" },
        { label: "Customer" },
        { label: "Reference" },
        { label: "NetSphere", align: "right" },
        { label: shown.gatewayLabel, align: "right" },
        { label: "Fee", align: "right" },
      ]}
    >
      {lines.map((line) => (
        <tr key={`${line.kind}-${line.id}`}>
          <td className="whitespace-nowrap p-3">
            <StatusBadge line={line} gatewayLabel={shown.gatewayLabel} />
            {line.problem ? <span className="mt-1 block text-xs text-muted-foreground">{line.problem}</span> : null}
          </td>
          <td className="whitespace-nowrap p-3">{formatDateTime(line.occurredAt, shown.timeZone)}</td>
          <td className="whitespace-nowrap p-3 font-mono">
            <Link className="text-primary underline" href={`/billing/receipts/${line.paymentId}`}>
              {line.receiptNumber}
            </Link>
            <span className="block font-sans text-xs text-muted-foreground">
              {line.kind === "refund" ? "Refund" : paymentMethodLabels[line.method]}
            </span>
          </td>
          <td className="p-3">
            <Link className="underline" href={`/customers/${line.customerId}`}>
              {line.customerName}
            </Link>
          </td>
          <td className="whitespace-nowrap p-3 font-mono text-xs">{line.reference ?? "—"}</td>
          <td className="whitespace-nowrap p-3 text-right tabular-nums">
            {line.kind === "refund" ? "−" : ""}
            {money(line.amountCentavos, line.currency)}
          </td>
          <td className="whitespace-nowrap p-3 text-right tabular-nums">
            {line.match ? `${line.kind === "refund" ? "−" : ""}${money(amountOf(line.match), line.match.currency)}` : "—"}
          </td>
          <td className="whitespace-nowrap p-3 text-right tabular-nums">
            {line.match ? money(line.match.feeCentavos, line.match.currency) : line.feeCentavos > 0 ? money(line.feeCentavos, line.currency) : "—"}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}

/** The gateway's own transactions that no line of NetSphere's accounts for, signed as they move the gateway balance. */
export function GatewayTransactionsTable({ transactions, label, shown }: { transactions: GatewayTransaction[]; label: string; shown: Shown }) {
  return (
    <DataTable
      label={label}
      columns={[
        { label: "Kind" },
        { label: "Date" },
        { label: `${shown.gatewayLabel} id` },
        { label: "Payment or refund id" },
        { label: "Amount", align: "right" },
        { label: "Fee", align: "right" },
        { label: "Payout" },
      ]}
    >
      {transactions.map((t) => (
        <tr key={t.id}>
          <td className="whitespace-nowrap p-3">{kindLabels[t.kind]}</td>
          <td className="whitespace-nowrap p-3">{formatDateTime(t.occurredAt, shown.timeZone)}</td>
          <td className="whitespace-nowrap p-3 font-mono text-xs">{t.id}</td>
          <td className="whitespace-nowrap p-3 font-mono text-xs">{(t.kind === "refund" ? t.refundReference : t.paymentReference) ?? "—"}</td>
          <td className="whitespace-nowrap p-3 text-right tabular-nums">{formatMoney(t.grossCentavos, t.currency)}</td>
          <td className="whitespace-nowrap p-3 text-right tabular-nums">{t.feeCentavos !== 0 ? formatMoney(t.feeCentavos, t.currency) : "—"}</td>
          <td className="whitespace-nowrap p-3 font-mono text-xs">{t.payoutId ?? "—"}</td>
        </tr>
      ))}
    </DataTable>
  );
}
