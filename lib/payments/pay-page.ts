/** What the public pay page shows for a pay token: only this invoice's number, amounts and status. */
import "server-only";
import { readPayToken } from "@/lib/billing/pay-links";
import { offeredMethods } from "@/lib/payments/gateways";
import { findInvoiceForPayment } from "@/lib/payments/invoice";
import type { OnlineMethod } from "@/lib/payments/rules";
import type { DbOrTx } from "@/lib/db/types";

export type PayPageData = {
  token: string;
  tenantName: string;
  invoiceNumber: string;
  dueDate: string;
  currency: string;
  totalCentavos: number;
  outstandingCentavos: number;
  state: "payable" | "paid" | "void" | "unpayable";
  methods: OnlineMethod[];
};

/** Null for a token we did not sign or an invoice that no longer exists: the page answers 404 either way. */
export async function loadPayPage(db: DbOrTx, token: string): Promise<PayPageData | null> {
  const ids = readPayToken(token);
  if (!ids) return null;
  const invoice = await findInvoiceForPayment(db, ids);
  if (!invoice) return null;
  const state =
    invoice.status === "void"
      ? "void"
      : invoice.status === "paid" || invoice.outstandingCentavos <= 0
        ? "paid"
        : invoice.invoiceCurrency !== invoice.currency
          ? "unpayable"
          : "payable";
  return {
    token,
    tenantName: invoice.tenantName,
    invoiceNumber: invoice.number,
    dueDate: invoice.dueDate,
    currency: invoice.invoiceCurrency,
    totalCentavos: invoice.totalCentavos,
    outstandingCentavos: invoice.outstandingCentavos,
    state,
    methods: state === "payable" ? (await offeredMethods(db, { tenantId: ids.tenantId })).map((o) => o.method) : [],
  };
}
