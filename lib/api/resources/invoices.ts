/* /api/v1/invoices: list, read with lines, and the PDF — billing's own reads and its document store. */
import { z } from "zod";
import { defineEndpoint } from "@/lib/api/endpoint";
import { calendarDate, centavos, currencyCode, idParam, iso, isoTime, listQuery, pageSchema } from "@/lib/api/resources/common";
import { apiInvoiceSorts, invoiceKinds, invoiceStatuses, lineKinds, pageInvoicesForApi, type ApiInvoiceRow } from "@/lib/billing/api-reads";
import { getOrRenderDocument } from "@/lib/billing/documents/store";
import { invoiceDetail } from "@/lib/billing/queries";
import { todayIn } from "@/lib/core/calendar";
import { sortParam } from "@/lib/core/cursor";

const invoiceFields = {
  id: z.uuid(),
  number: z.string().describe("Gap-free per ISP and year, e.g. INV-2026-000123"),
  customerId: z.uuid(),
  kind: z.enum(invoiceKinds).describe("`recurring` from the billing run, `adjustment` from a plan change, `manual` made by staff"),
  status: z.enum(invoiceStatuses),
  overdue: z.boolean().describe("Open, past its due date (in the ISP's time zone) and not fully paid"),
  currency: currencyCode,
  issueDate: calendarDate,
  dueDate: calendarDate,
  periodStart: calendarDate.nullable(),
  periodEnd: calendarDate.nullable(),
  vatableCentavos: centavos.describe("VATable sales, net of VAT"),
  zeroRatedCentavos: centavos,
  exemptCentavos: centavos,
  taxCentavos: centavos.describe("VAT"),
  totalCentavos: centavos,
  amountPaidCentavos: centavos.describe("Payments and credit notes applied to it"),
  amountDueCentavos: centavos.describe("What is still owed on it (0 when paid or void)"),
  notes: z.string(),
  paidAt: isoTime.nullable(),
  voidedAt: isoTime.nullable(),
  voidReason: z.string().nullable(),
  createdAt: isoTime,
  updatedAt: isoTime,
};

export const invoiceSchema = z.object(invoiceFields).meta({ id: "Invoice" });
export type ApiInvoice = z.infer<typeof invoiceSchema>;

const lineSchema = z
  .object({
    id: z.uuid(),
    kind: z.enum(lineKinds),
    description: z.string(),
    subscriptionId: z.uuid().nullable(),
    planId: z.uuid().nullable(),
    periodStart: calendarDate.nullable(),
    periodEnd: calendarDate.nullable(),
    amountCentavos: centavos.describe("As priced (VAT included or not, as `taxInclusive` says); negative for credits and discounts"),
    taxInclusive: z.boolean(),
    taxRateBps: z.int().describe("VAT rate in basis points (1200 = 12%)"),
    taxExempt: z.boolean(),
    netCentavos: centavos,
    taxCentavos: centavos,
    totalCentavos: centavos,
    waivedAt: isoTime.nullable().describe("Late fees only: when staff waived it"),
  })
  .meta({ id: "InvoiceLine" });

export const invoiceDetailSchema = z
  .object({
    ...invoiceFields,
    lines: z.array(lineSchema),
    appliedPayments: z
      .array(z.object({ paymentId: z.uuid().nullable(), creditNoteId: z.uuid().nullable(), amountCentavos: centavos }))
      .describe("What paid it: payments and credit notes with the amount each applied"),
  })
  .meta({ id: "InvoiceDetail" });

export function toApiInvoice(row: ApiInvoiceRow, today: string): ApiInvoice {
  const due = row.status === "open" ? Math.max(0, row.totalCentavos - row.amountPaidCentavos) : 0;
  return {
    id: row.id,
    number: row.number,
    customerId: row.customerId,
    kind: row.kind,
    status: row.status,
    overdue: row.status === "open" && due > 0 && row.dueDate < today,
    currency: row.currency,
    issueDate: row.issueDate,
    dueDate: row.dueDate,
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    vatableCentavos: row.vatableCentavos,
    zeroRatedCentavos: row.zeroRatedCentavos,
    exemptCentavos: row.exemptCentavos,
    taxCentavos: row.taxCentavos,
    totalCentavos: row.totalCentavos,
    amountPaidCentavos: row.amountPaidCentavos,
    amountDueCentavos: due,
    notes: row.notes,
    paidAt: iso(row.paidAt),
    voidedAt: iso(row.voidedAt),
    voidReason: row.voidReason,
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
  };
}

export const listInvoices = defineEndpoint({
  method: "GET",
  path: "/invoices",
  operationId: "listInvoices",
  summary: "List invoices",
  description: "Invoices of your ISP, a page at a time, newest first unless sorted otherwise. Money in minor units with `currency`.",
  tag: "Invoices",
  scope: "invoices:read",
  query: listQuery.extend({
    customerId: z.uuid().optional(),
    status: z.enum(invoiceStatuses).optional(),
    issuedFrom: z.iso.date("Use a date like 2026-11-01").optional().describe("First issue date included (YYYY-MM-DD)"),
    issuedTo: z.iso.date("Use a date like 2026-11-30").optional().describe("Last issue date included (YYYY-MM-DD)"),
    sort: sortParam(apiInvoiceSorts, "-issueDate"),
  }),
  response: pageSchema(invoiceSchema, "InvoicePage"),
  handle: async (ctx, { query }) => {
    const page = await pageInvoicesForApi(ctx.db, {
      tenantId: ctx.tenantId,
      customerId: query.customerId,
      status: query.status,
      issuedFrom: query.issuedFrom,
      issuedTo: query.issuedTo,
      order: query.sort,
      cursor: query.cursor,
      limit: query.limit,
    });
    const today = todayIn(ctx.timeZone);
    return { data: page.data.map((row) => toApiInvoice(row, today)), nextCursor: page.nextCursor };
  },
});

export const getInvoiceEndpoint = defineEndpoint({
  method: "GET",
  path: "/invoices/{id}",
  operationId: "getInvoice",
  summary: "Get an invoice with its lines",
  tag: "Invoices",
  scope: "invoices:read",
  params: idParam,
  response: invoiceDetailSchema,
  handle: async (ctx, { params }) => {
    const { invoice, lines, paidBy } = await invoiceDetail(ctx.db, { tenantId: ctx.tenantId, invoiceId: params.id });
    return {
      ...toApiInvoice(invoice, todayIn(ctx.timeZone)),
      lines: lines.map((line) => ({
        id: line.id,
        kind: line.kind,
        description: line.description,
        subscriptionId: line.subscriptionId,
        planId: line.planId,
        periodStart: line.periodStart,
        periodEnd: line.periodEnd,
        amountCentavos: line.amountCentavos,
        taxInclusive: line.taxInclusive,
        taxRateBps: line.taxRateBps,
        taxExempt: line.taxExempt,
        netCentavos: line.netCentavos,
        taxCentavos: line.taxCentavos,
        totalCentavos: line.totalCentavos,
        waivedAt: iso(line.waivedAt),
      })),
      appliedPayments: paidBy.map((row) => ({ paymentId: row.paymentId, creditNoteId: row.creditNoteId, amountCentavos: row.amount })),
    };
  },
});

export const getInvoicePdfEndpoint = defineEndpoint({
  method: "GET",
  path: "/invoices/{id}/pdf",
  operationId: "getInvoicePdf",
  summary: "Download an invoice as PDF",
  description: "The invoice as the customer receives it, with your branding.",
  tag: "Invoices",
  scope: "invoices:read",
  params: idParam,
  response: { binary: "application/pdf" },
  handle: async (ctx, { params }) => {
    const document = await getOrRenderDocument(ctx.db, { tenantId: ctx.tenantId, kind: "invoice", refId: params.id });
    return { file: { body: document.pdf, contentType: "application/pdf", fileName: document.filename } };
  },
});
