/*
 * /api/v1/payments: list, read, and record a payment taken by hand (cash, bank transfer, GCash, …) through billing's
 * `recordPayment`, the staff form's own function: receipt number, applied to open invoices, reactivation of a
 * non-payment suspension once nothing is overdue.
 */
import { z } from "zod";
import { defineEndpoint, type ApiContext } from "@/lib/api/endpoint";
import { centavos, currencyCode, idParam, iso, isoTime, listQuery, pageSchema } from "@/lib/api/resources/common";
import { apiPaymentSorts, gateways, getPaymentForApi, pagePaymentsForApi, type ApiPaymentRow } from "@/lib/billing/api-reads";
import { recordPayment } from "@/lib/billing/payments";
import { assertInvoicesOfTenant } from "@/lib/billing/queries";
import { paymentMethods } from "@/lib/billing/values";
import { addDays, todayIn } from "@/lib/core/calendar";
import { sortParam } from "@/lib/core/cursor";
import { AppError } from "@/lib/core/errors";
import { zonedInstant } from "@/lib/core/time-zones";
import { assertCustomersOfTenant } from "@/lib/customers/service";

const paymentFields = {
  id: z.uuid(),
  receiptNumber: z.string().describe("Official receipt number, gap-free per ISP and year, e.g. OR-2026-000045"),
  customerId: z.uuid(),
  method: z.enum(paymentMethods),
  gateway: z.enum(gateways).describe("`manual` for money taken by hand; the online gateway otherwise"),
  reference: z.string().describe("GCash/Maya/bank reference, or the gateway's payment id"),
  amountCentavos: centavos,
  currency: currencyCode,
  appliedCentavos: centavos.describe("Part applied to invoices"),
  refundedCentavos: centavos,
  unappliedCentavos: centavos.describe("Part kept as the customer's credit"),
  feeCentavos: centavos.describe("What an online gateway kept, as it reported it"),
  receivedAt: isoTime,
  notes: z.string(),
  createdAt: isoTime.describe("When the receipt was issued"),
};

export const paymentSchema = z.object(paymentFields).meta({ id: "Payment" });
export const paymentDetailSchema = z
  .object({ ...paymentFields, allocations: z.array(z.object({ invoiceId: z.uuid(), amountCentavos: centavos })).describe("The invoices it paid, oldest first") })
  .meta({ id: "PaymentDetail" });
export type ApiPayment = z.infer<typeof paymentSchema>;

export function toApiPayment(row: ApiPaymentRow): ApiPayment {
  return {
    id: row.id,
    receiptNumber: row.receiptNumber,
    customerId: row.customerId,
    method: row.method,
    gateway: row.gateway,
    reference: row.reference,
    amountCentavos: row.amountCentavos,
    currency: row.currency,
    appliedCentavos: row.allocatedCentavos,
    refundedCentavos: row.refundedCentavos,
    unappliedCentavos: Math.max(0, row.amountCentavos - row.allocatedCentavos - row.refundedCentavos),
    feeCentavos: row.feeCentavos,
    receivedAt: iso(row.receivedAt)!,
    notes: row.notes,
    createdAt: iso(row.createdAt)!,
  };
}

async function readPayment(ctx: ApiContext, paymentId: string) {
  const row = await getPaymentForApi(ctx.db, { tenantId: ctx.tenantId, paymentId });
  return { ...toApiPayment(row), allocations: row.allocations };
}

export const listPayments = defineEndpoint({
  method: "GET",
  path: "/payments",
  operationId: "listPayments",
  summary: "List payments",
  description: "Payments received, a page at a time, newest first unless sorted otherwise. Days are the ISP's calendar days.",
  tag: "Payments",
  scope: "payments:read",
  query: listQuery.extend({
    customerId: z.uuid().optional(),
    receivedFrom: z.iso.date("Use a date like 2026-11-01").optional().describe("First day included (YYYY-MM-DD)"),
    receivedTo: z.iso.date("Use a date like 2026-11-30").optional().describe("Last day included (YYYY-MM-DD)"),
    sort: sortParam(apiPaymentSorts, "-receivedAt"),
  }),
  response: pageSchema(paymentSchema, "PaymentPage"),
  handle: async (ctx, { query }) => {
    const page = await pagePaymentsForApi(ctx.db, {
      tenantId: ctx.tenantId,
      customerId: query.customerId,
      receivedFrom: query.receivedFrom ? new Date(zonedInstant(query.receivedFrom, 0, ctx.timeZone)) : undefined,
      receivedBefore: query.receivedTo ? new Date(zonedInstant(addDays(query.receivedTo, 1), 0, ctx.timeZone)) : undefined,
      order: query.sort,
      cursor: query.cursor,
      limit: query.limit,
    });
    return { data: page.data.map(toApiPayment), nextCursor: page.nextCursor };
  },
});

export const getPaymentEndpoint = defineEndpoint({
  method: "GET",
  path: "/payments/{id}",
  operationId: "getPayment",
  summary: "Get a payment",
  tag: "Payments",
  scope: "payments:read",
  params: idParam,
  response: paymentDetailSchema,
  handle: async (ctx, { params }) => readPayment(ctx, params.id),
});

const paymentInput = z
  .object({
    customerId: z.uuid("Choose a customer"),
    amountCentavos: z.int("Whole minor units (centavos)").min(1, "More than zero").max(10_000_000_000, "That amount is too large"),
    method: z.enum(paymentMethods, "One of: " + paymentMethods.join(", ")),
    reference: z.string().trim().max(100, "At most 100 characters").default("").describe("GCash/Maya/bank reference number"),
    receivedOn: z.iso.date("Use a date like 2026-11-26").optional().describe("The day the money came in, in the ISP's time zone; today or earlier. Default: now"),
    invoiceId: z.uuid().optional().describe("The invoice it pays first; without one, the oldest open invoices are paid first"),
    notes: z.string().trim().max(500, "At most 500 characters").default(""),
  })
  .meta({ id: "PaymentInput" });

export const recordPaymentEndpoint = defineEndpoint({
  method: "POST",
  path: "/payments",
  operationId: "recordPayment",
  summary: "Record a payment",
  description:
    "Records money taken outside NetSphere (cash, bank transfer, GCash or Maya to your account, …) with an official " +
    "receipt number. It pays the given invoice first, then the oldest open ones; what is left is kept as the customer's " +
    "credit. When it settles everything overdue, the customer's subscriptions suspended for non-payment are reactivated " +
    "at once (routers included) and the customer is sent the receipt. Send an `Idempotency-Key`: the payment is recorded " +
    "once per key, however late the retry comes.",
  tag: "Payments",
  scope: "payments:write",
  body: paymentInput,
  status: 201,
  response: z
    .object({
      payment: paymentDetailSchema,
      created: z.boolean().describe("false when this Idempotency-Key had already recorded the payment (answered again)"),
      reactivatedSubscriptions: z.int().describe("Subscriptions suspended for non-payment that this payment brought back"),
    })
    .meta({ id: "PaymentRecorded" }),
  handle: async (ctx, { body }) => {
    const today = todayIn(ctx.timeZone);
    if (body.receivedOn && body.receivedOn > today)
      throw new AppError("validation", "A payment can't be dated in the future.", { fieldErrors: { receivedOn: [`Today (${today}) or earlier`] } });
    await assertCustomersOfTenant(ctx.db, ctx.tenantId, [body.customerId], "customerId");
    if (body.invoiceId) await assertInvoicesOfTenant(ctx.db, ctx.tenantId, [body.invoiceId], "invoiceId");
    // The key's own name space: two integrations of one ISP may pick the same key without taking each other's payment.
    const idempotencyKey = ctx.request.headers.get("idempotency-key")?.trim();
    const result = await recordPayment(ctx.db, ctx.actor, {
      customerId: body.customerId,
      invoiceId: body.invoiceId,
      amountCentavos: body.amountCentavos,
      method: body.method,
      reference: body.reference,
      notes: body.notes,
      receivedOn: body.receivedOn,
      idempotencyKey: idempotencyKey ? `api:${ctx.key.id}:${idempotencyKey}` : undefined,
    });
    return { payment: await readPayment(ctx, result.paymentId), created: result.created, reactivatedSubscriptions: result.reactivated };
  },
});
