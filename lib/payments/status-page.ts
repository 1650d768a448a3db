/** What the public status page shows for one payment request: our record of it, never the gateway's redirect. */
import "server-only";
import { and, eq } from "drizzle-orm";
import { invoices, payments } from "@/lib/billing/schema";
import { tenants } from "@/lib/tenants/schema";
import { paymentRequests } from "@/lib/payments/schema";
import { clock } from "@/lib/core/clock";
import { payTokenFor } from "@/lib/billing/pay-links";
import { readStatusToken } from "@/lib/payments/status-links";
import type { OnlineMethod, Provider } from "@/lib/payments/rules";
import type { DbOrTx } from "@/lib/db/types";

export type StatusPageData = {
  tenantName: string;
  timeZone: string;
  state: "paid" | "waiting" | "expired" | "failed";
  method: OnlineMethod | null;
  provider: Provider;
  amountCentavos: number;
  currency: string;
  invoiceNumber: string | null;
  /** The invoice's pay token, for "try again"; null for a balance payment (the portal's button then). */
  payToken: string | null;
  receiptNumber: string | null;
  qrImage: string | null;
  expiresAt: Date | null;
  failureReason: string | null;
};

export async function loadStatusPage(db: DbOrTx, token: string): Promise<StatusPageData | null> {
  const ids = readStatusToken(token);
  if (!ids) return null;
  const [row] = await db
    .select({
      tenantName: tenants.name,
      timeZone: tenants.timezone,
      status: paymentRequests.status,
      method: paymentRequests.method,
      provider: paymentRequests.provider,
      amountCentavos: paymentRequests.amountCentavos,
      currency: paymentRequests.currency,
      invoiceId: paymentRequests.invoiceId,
      invoiceNumber: invoices.number,
      receiptNumber: payments.receiptNumber,
      qrImage: paymentRequests.qrImage,
      expiresAt: paymentRequests.expiresAt,
      failureReason: paymentRequests.failureReason,
    })
    .from(paymentRequests)
    .innerJoin(tenants, eq(tenants.id, paymentRequests.tenantId))
    .leftJoin(invoices, and(eq(invoices.tenantId, paymentRequests.tenantId), eq(invoices.id, paymentRequests.invoiceId)))
    .leftJoin(payments, and(eq(payments.tenantId, paymentRequests.tenantId), eq(payments.id, paymentRequests.paymentId)))
    .where(and(eq(paymentRequests.tenantId, ids.tenantId), eq(paymentRequests.id, ids.requestId)));
  if (!row) return null;
  const lapsed = row.status === "pending" && row.expiresAt !== null && row.expiresAt.getTime() <= clock.ms();
  const state = row.status === "completed" ? "paid" : row.status === "failed" ? "failed" : row.status === "expired" || lapsed ? "expired" : "waiting";
  return {
    tenantName: row.tenantName,
    timeZone: row.timeZone,
    state,
    method: row.method,
    provider: row.provider,
    amountCentavos: row.amountCentavos,
    currency: row.currency,
    invoiceNumber: row.invoiceNumber,
    payToken: row.invoiceId ? payTokenFor({ tenantId: ids.tenantId, invoiceId: row.invoiceId }) : null,
    receiptNumber: row.receiptNumber,
    // The code is shown only while it can still be paid.
    qrImage: state === "waiting" ? row.qrImage : null,
    expiresAt: row.expiresAt,
    failureReason: row.failureReason,
  };
}
