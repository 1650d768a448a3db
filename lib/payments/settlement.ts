/*
 * The settlement report an accountant reconciles a gateway with: NetSphere's payments and refunds through one
 * gateway in one calendar month (the ISP's zone) beside the gateway's own transactions for it. A payment pairs
 * with the gateway's payment whose id is our `reference`, a refund with the gateway's refund whose id is our
 * `external_id`. A gateway that cannot be read never breaks the report: our side stays, with a sentence saying why.
 */
import "server-only";
import { and, asc, eq, gte, lt } from "drizzle-orm";
import Stripe from "stripe";
import { z } from "zod";
import { payments, type PaymentMethod } from "@/lib/billing/schema";
import { customers } from "@/lib/customers/schema";
import { gatewayRefunds } from "@/lib/payments/schema";
import { monthRange } from "@/lib/analytics/periods";
import { clock } from "@/lib/core/clock";
import { toCsv } from "@/lib/core/csv";
import { AppError } from "@/lib/core/errors";
import { logger } from "@/lib/core/logger";
import { formatMoney } from "@/lib/core/money";
import { OutboundError } from "@/lib/core/outbound";
import { localDate } from "@/lib/core/time-zones";
import { centavosToDecimal } from "@/lib/reports/details";
import { monthSchema } from "@/lib/reports/params";
import { tenantLocale } from "@/lib/tenants/queries";
import { loadGatewayCredentials, type GatewayCredentials } from "@/lib/payments/gateways";
import { listPaypalSettlement } from "@/lib/payments/paypal";
import { listPaymongoSettlement } from "@/lib/payments/paymongo";
import { PaymongoApiError } from "@/lib/payments/paymongo-api";
import { listStripeTransactions } from "@/lib/payments/stripe-api";
import { listXenditSettlement } from "@/lib/payments/xendit";
import { XenditApiError } from "@/lib/payments/xendit-api";
import { providerLabels, providers, type Provider } from "@/lib/payments/rules";
import type { GatewayTransaction } from "@/lib/payments/gateway-types";
import type { DbOrTx } from "@/lib/db/types";

type Range = { since: Date; until: Date };

/** `?provider=&month=` of the settlement page and its CSV download. */
export const settlementParamsSchema = z.object({
  provider: z.enum(providers, "Choose stripe, paypal, paymongo or xendit"),
  month: monthSchema,
});

export type SettlementLine = {
  kind: "payment" | "refund";
  /** payments.id, or gateway_refunds.id. */
  id: string;
  /** The payment itself, or the one refunded. */
  paymentId: string;
  receiptNumber: string;
  /** The gateway's id as we recorded it (payments.reference, gateway_refunds.external_id). */
  reference: string | null;
  customerId: string;
  customerName: string;
  method: PaymentMethod;
  /** Received (payment) or confirmed by the gateway (refund). */
  occurredAt: Date;
  /** Positive on both kinds: money in for a payment, money back for a refund. */
  amountCentavos: number;
  feeCentavos: number;
  currency: string;
  /** `unchecked` when the gateway's side could not be read. */
  status: "matched" | "unmatched" | "unchecked";
  /** The gateway's transaction this line was paired with. */
  match: GatewayTransaction | null;
  /** "amount differs: ₱1,499.00 in NetSphere, ₱1,400.00 at PayMongo", or null. */
  problem: string | null;
};

export type SettlementReport = {
  provider: Provider;
  month: string;
  range: Range;
  timeZone: string;
  currency: string;
  ours: { payments: SettlementLine[]; refunds: SettlementLine[] };
  theirs: GatewayTransaction[] | null;
  theirsError: string | null;
  /** Payments, refunds and fees as NetSphere recorded them; payouts (bank transfers) as the gateway reports them. */
  totals: { paymentsCentavos: number; refundsCentavos: number; feesCentavos: number; netCentavos: number; payoutsCentavos: number };
  matched: number;
  unmatchedOurs: SettlementLine[];
  /** The gateway's payments, refunds and adjustments (disputes, reversals) in the month that no line of ours accounts for. */
  unmatchedTheirs: GatewayTransaction[];
};

/**
 * The gateway's side is read this much beyond the month on both ends: a payment at 23:59 on the last day that
 * our webhook recorded at 00:01 is one payment, not two unmatched ones in two months.
 */
const MATCH_MARGIN_MS = 3 * 24 * 3600_000;

const listers: Record<Provider, (gateway: GatewayCredentials, range: Range) => Promise<GatewayTransaction[]>> = {
  stripe: listStripeTransactions,
  paypal: listPaypalSettlement,
  paymongo: listPaymongoSettlement,
  xendit: listXenditSettlement,
};

/** A failure to list the gateway's transactions as a sentence for the page; the details (never a key) go to the log. */
function theirsErrorOf(provider: Provider, error: unknown): string {
  const label = providerLabels[provider];
  const keys = `${label} refused the saved keys, so only NetSphere's side is shown. An admin can fix them under Billing → Payment gateways.`;
  const host = `The ${label} API address saved for this ISP is not ${label}'s, so NetSphere did not call it and only NetSphere's side is shown. An admin can clear it under Billing → Payment gateways.`;
  const unreachable = `${label} could not be reached just now, so only NetSphere's side is shown. Try again in a few minutes.`;
  if (error instanceof Stripe.errors.StripeError) {
    logger.warn({ provider, type: error.type, code: error.code, status: error.statusCode, requestId: error.requestId }, "settlement listing failed");
    if (error.type === "StripeAuthenticationError" || error.type === "StripePermissionError") return keys;
    if (error.detail instanceof OutboundError && (error.detail.reason === "refused" || error.detail.reason === "redirect")) return host;
    if (error.type === "StripeInvalidRequestError") return `${label} refused to list the month's transactions: ${error.message}`;
    return unreachable;
  }
  if (error instanceof PaymongoApiError || error instanceof XenditApiError) {
    logger.warn({ provider, status: error.status, code: error.code }, "settlement listing failed");
    if (error.status === 401 || error.code === "INVALID_API_KEY") return keys;
    if (error.code === "REFUSED_HOST") return host;
    if (error.code === "UNREACHABLE" || error.code === "TIMEOUT" || error.status >= 500) return unreachable;
    return `${label} refused to list the month's transactions: ${error.detail ?? error.code ?? "no reason given"}.`;
  }
  // PayPal's module turns its failures into AppErrors written for staff already.
  if (error instanceof AppError) return error.message;
  logger.error({ err: error, provider }, "settlement listing failed");
  return `NetSphere could not read ${label}'s transactions (the error is logged for support), so only NetSphere's side is shown.`;
}

async function theirSide(db: DbOrTx, tenantId: string, provider: Provider, range: Range) {
  const gateway = await loadGatewayCredentials(db, { tenantId, provider });
  if (!gateway) return { theirs: null, theirsError: `${providerLabels[provider]} is not set up for this ISP, so only NetSphere's side is shown.` };
  const window = {
    since: new Date(range.since.getTime() - MATCH_MARGIN_MS),
    until: new Date(Math.min(range.until.getTime() + MATCH_MARGIN_MS, clock.ms())),
  };
  // A month still to come has nothing at the gateway yet.
  if (window.since >= window.until) return { theirs: [], theirsError: null };
  try {
    return { theirs: await listers[provider](gateway, window), theirsError: null };
  } catch (error) {
    return { theirs: null, theirsError: theirsErrorOf(provider, error) };
  }
}

type OurLine = Omit<SettlementLine, "status" | "match" | "problem">;

async function ourSide(db: DbOrTx, tenantId: string, provider: Provider, range: Range): Promise<{ payments: OurLine[]; refunds: OurLine[] }> {
  const [paid, refunded] = await Promise.all([
    db
      .select({
        id: payments.id,
        receiptNumber: payments.receiptNumber,
        reference: payments.reference,
        customerId: payments.customerId,
        customerName: customers.name,
        method: payments.method,
        occurredAt: payments.receivedAt,
        amountCentavos: payments.amountCentavos,
        feeCentavos: payments.feeCentavos,
        currency: payments.currency,
      })
      .from(payments)
      .innerJoin(customers, eq(customers.id, payments.customerId))
      .where(
        and(
          eq(payments.tenantId, tenantId),
          eq(payments.gateway, provider),
          gte(payments.receivedAt, range.since),
          lt(payments.receivedAt, range.until),
        ),
      )
      .orderBy(asc(payments.receivedAt), asc(payments.receiptNumber)),
    db
      .select({
        id: gatewayRefunds.id,
        paymentId: gatewayRefunds.paymentId,
        receiptNumber: payments.receiptNumber,
        reference: gatewayRefunds.externalId,
        customerId: gatewayRefunds.customerId,
        customerName: customers.name,
        method: payments.method,
        settledAt: gatewayRefunds.settledAt,
        amountCentavos: gatewayRefunds.amountCentavos,
        currency: gatewayRefunds.currency,
      })
      .from(gatewayRefunds)
      .innerJoin(payments, eq(payments.id, gatewayRefunds.paymentId))
      .innerJoin(customers, eq(customers.id, gatewayRefunds.customerId))
      .where(
        and(
          eq(gatewayRefunds.tenantId, tenantId),
          eq(gatewayRefunds.provider, provider),
          eq(gatewayRefunds.status, "succeeded"),
          gte(gatewayRefunds.settledAt, range.since),
          lt(gatewayRefunds.settledAt, range.until),
        ),
      )
      .orderBy(asc(gatewayRefunds.settledAt), asc(gatewayRefunds.id)),
  ]);
  return {
    payments: paid.map((p) => ({ ...p, kind: "payment" as const, paymentId: p.id, reference: p.reference || null })),
    refunds: refunded.map(({ settledAt, ...r }) => ({ ...r, kind: "refund" as const, occurredAt: settledAt ?? range.since, feeCentavos: 0 })),
  };
}

/** Kinds of gateway transaction that should have a line of ours; payouts and the gateway's own fees never do. */
const expectedInLedger = new Set<GatewayTransaction["kind"]>(["payment", "refund", "adjustment"]);

/** A gateway transaction's amount signed like our lines: a payment's money in, every other kind's money out, each positive. */
export const amountOf = (t: GatewayTransaction) => (t.kind === "payment" ? t.grossCentavos : -t.grossCentavos);

/** Pairs each line of ours with at most one gateway transaction and each transaction with at most one line. */
function reconcile(ours: { payments: OurLine[]; refunds: OurLine[] }, theirs: GatewayTransaction[] | null, provider: Provider, range: Range) {
  const used = new Set<GatewayTransaction>();
  const byKey = new Map<string, GatewayTransaction[]>();
  for (const t of theirs ?? []) {
    const key = t.kind === "payment" ? t.paymentReference : t.kind === "refund" ? t.refundReference : null;
    if (key) byKey.set(`${t.kind}:${key}`, [...(byKey.get(`${t.kind}:${key}`) ?? []), t]);
  }
  const pair = (line: OurLine): SettlementLine => {
    if (!theirs) return { ...line, status: "unchecked", match: null, problem: null };
    const candidates = (line.reference ? (byKey.get(`${line.kind}:${line.reference}`) ?? []) : []).filter((t) => !used.has(t));
    // A refund that later failed at Stripe is listed under the refund's id too, giving the money back: pair the refund itself.
    const match = candidates.find((t) => amountOf(t) === line.amountCentavos) ?? candidates[0] ?? null;
    if (!match) return { ...line, status: "unmatched", match: null, problem: line.reference ? null : "no gateway id recorded" };
    used.add(match);
    const problem =
      amountOf(match) === line.amountCentavos && match.currency === line.currency
        ? null
        : `amount differs: ${formatMoney(line.amountCentavos, line.currency)} in NetSphere, ${formatMoney(amountOf(match), match.currency)} at ${providerLabels[provider]}`;
    return { ...line, status: "matched", match, problem };
  };
  const lines = { payments: ours.payments.map(pair), refunds: ours.refunds.map(pair) };
  const inMonth = (t: GatewayTransaction) => t.occurredAt >= range.since && t.occurredAt < range.until;
  return {
    lines,
    // Outside the month only what paired with one of ours belongs to this report.
    theirs: theirs?.filter((t) => inMonth(t) || used.has(t)) ?? null,
    unmatchedTheirs: (theirs ?? []).filter((t) => inMonth(t) && !used.has(t) && expectedInLedger.has(t.kind)),
    payoutsCentavos: (theirs ?? []).filter((t) => t.kind === "payout" && inMonth(t)).reduce((total, t) => total + amountOf(t), 0),
  };
}

const sum = (lines: SettlementLine[], pick: (l: SettlementLine) => number) => lines.reduce((total, l) => total + pick(l), 0);

/** One gateway's month (`YYYY-MM`, the ISP's calendar) as NetSphere recorded it and as the gateway reports it. */
export async function settlementReport(
  db: DbOrTx,
  { tenantId, provider, month }: { tenantId: string; provider: Provider; month: string },
): Promise<SettlementReport> {
  const { timeZone, currency } = await tenantLocale(db, { tenantId });
  const { from, to } = monthRange(month, timeZone);
  const range = { since: from, until: to };
  const [ours, { theirs, theirsError }] = await Promise.all([ourSide(db, tenantId, provider, range), theirSide(db, tenantId, provider, range)]);
  const result = reconcile(ours, theirs, provider, range);
  const all = [...result.lines.payments, ...result.lines.refunds];
  const paymentsCentavos = sum(result.lines.payments, (l) => l.amountCentavos);
  const refundsCentavos = sum(result.lines.refunds, (l) => l.amountCentavos);
  const feesCentavos = sum(result.lines.payments, (l) => l.feeCentavos);
  return {
    provider,
    month,
    range,
    timeZone,
    currency,
    ours: result.lines,
    theirs: result.theirs,
    theirsError,
    totals: {
      paymentsCentavos,
      refundsCentavos,
      feesCentavos,
      netCentavos: paymentsCentavos - refundsCentavos - feesCentavos,
      payoutsCentavos: result.payoutsCentavos,
    },
    matched: all.filter((l) => l.status === "matched").length,
    unmatchedOurs: all.filter((l) => l.status === "unmatched"),
    unmatchedTheirs: result.unmatchedTheirs,
  };
}

/** The gateway's transactions in the report that no line of ours matched: payouts and fees, and whatever NetSphere lacks. */
export function gatewayOnlyLines(report: SettlementReport): GatewayTransaction[] {
  const matched = new Set([...report.ours.payments, ...report.ours.refunds].flatMap((l) => (l.match ? [l.match.id] : [])));
  return (report.theirs ?? []).filter((t) => !matched.has(t.id));
}

/** What the status column says of a line of ours. */
export function lineStatusText(line: SettlementLine): string {
  return line.status === "matched" ? "matched" : line.status === "unmatched" ? "only in NetSphere" : "not checked";
}

/**
 * The report as a spreadsheet: our lines with what they matched, then the gateway's other lines in the month:
 * "only at <gateway>" for payments, refunds and adjustments NetSphere lacks, "at <gateway>" for its payouts and
 * fees, which have no line of ours by nature.
 */
export function settlementCsv(report: SettlementReport): string {
  const label = providerLabels[report.provider];
  const money = (centavos: number | null | undefined) => (centavos === null || centavos === undefined ? null : centavosToDecimal(centavos));
  const when = (at: Date) => localDate(at, report.timeZone);
  const ours = [...report.ours.payments, ...report.ours.refunds].map((l) => [
    lineStatusText(l),
    l.kind,
    when(l.occurredAt),
    l.receiptNumber,
    l.customerName,
    l.reference,
    money(l.amountCentavos),
    money(l.feeCentavos),
    l.match?.id ?? null,
    money(l.match && amountOf(l.match)),
    money(l.match?.feeCentavos),
    l.match?.payoutId ?? null,
    l.problem,
  ]);
  const theirs = gatewayOnlyLines(report).map((t) => [
    expectedInLedger.has(t.kind) ? `only at ${label}` : `at ${label}`,
    t.kind,
    when(t.occurredAt),
    null,
    null,
    t.kind === "refund" ? t.refundReference : t.paymentReference,
    null,
    null,
    t.id,
    money(amountOf(t)),
    money(t.feeCentavos),
    t.payoutId,
    t.currency === report.currency ? null : `in ${t.currency}`,
  ]);
  const c = report.currency;
  return toCsv(
    [
      "Status",
      "Kind",
      "Date",
      "Receipt",
      "Customer",
      "Reference",
      `Amount in NetSphere (${c})`,
      `Fee in NetSphere (${c})`,
      `${label} transaction`,
      `Amount at ${label} (${c})`,
      `Fee at ${label} (${c})`,
      "Payout",
      "Note",
    ],
    [...ours, ...theirs],
  );
}
