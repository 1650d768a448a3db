/*
 * The one money module. Amounts are integer centavos; rates are basis points (1200 = 12%).
 *
 * Rounding rule: every division rounds half-up on the magnitude (half away from zero) to the centavo,
 * once per line. A credit therefore mirrors its charge exactly (−₱10.005 → −₱10.01 like +₱10.01), and an
 * invoice's totals are the sums of its rounded lines, never re-rounded. VAT-inclusive lines take the
 * VAT out of the price (net = round(price ÷ 1.12), VAT = price − net), so the customer pays the sticker
 * price to the centavo; VAT-exclusive lines add it (VAT = round(net × 12%)).
 * Intermediates are BigInt, so no amount up to ₱90 trillion loses a centavo to floating point.
 */

/** round(numerator / denominator), half away from zero. */
export function divideRounded(numerator: number | bigint, denominator: number | bigint): number {
  const n = BigInt(numerator);
  const d = BigInt(denominator);
  if (d === 0n) throw new RangeError("division by zero");
  const negative = n < 0n !== d < 0n;
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (an * 2n + ad) / (ad * 2n);
  return Number(negative ? -q : q);
}

/** `amount × part ÷ whole`, rounded once (proration by days, percentages). */
export function scale(amount: number, part: number, whole: number): number {
  return divideRounded(BigInt(amount) * BigInt(part), whole);
}

/** `amount × bps ÷ 10 000`, rounded once. */
export function percentOf(amount: number, bps: number): number {
  return scale(amount, bps, 10_000);
}

export type TaxedAmount = { netCentavos: number; taxCentavos: number; totalCentavos: number };

/** Splits a priced amount into net, VAT and total by the rule above; exempt lines carry no VAT. */
export function applyTax({
  amount,
  rateBps,
  inclusive,
  exempt = false,
}: {
  amount: number;
  rateBps: number;
  inclusive: boolean;
  exempt?: boolean;
}): TaxedAmount {
  if (!Number.isSafeInteger(amount)) throw new RangeError("amounts are whole centavos");
  if (exempt || rateBps === 0) return { netCentavos: amount, taxCentavos: 0, totalCentavos: amount };
  if (inclusive) {
    const net = divideRounded(BigInt(amount) * 10_000n, 10_000 + rateBps);
    return { netCentavos: net, taxCentavos: amount - net, totalCentavos: amount };
  }
  const tax = percentOf(amount, rateBps);
  return { netCentavos: amount, taxCentavos: tax, totalCentavos: amount + tax };
}

export type TotalsLine = TaxedAmount & { taxExempt: boolean; taxRateBps: number };
export type InvoiceTotals = {
  vatableCentavos: number;
  zeroRatedCentavos: number;
  exemptCentavos: number;
  taxCentavos: number;
  totalCentavos: number;
};

/**
 * Invoice totals are plain sums of the rounded lines. BIR invoices show VATable, zero-rated (VAT at 0 %, e.g. a
 * PEZA locator's service) and VAT-exempt sales apart: a line taxed at 0 % that is not exempt is zero-rated.
 */
export function sumLines(lines: TotalsLine[]): InvoiceTotals {
  const totals = { vatableCentavos: 0, zeroRatedCentavos: 0, exemptCentavos: 0, taxCentavos: 0, totalCentavos: 0 };
  for (const line of lines) {
    if (line.taxExempt) totals.exemptCentavos += line.netCentavos;
    else if (line.taxRateBps === 0) totals.zeroRatedCentavos += line.netCentavos;
    else totals.vatableCentavos += line.netCentavos;
    totals.taxCentavos += line.taxCentavos;
    totals.totalCentavos += line.totalCentavos;
  }
  return totals;
}

/**
 * Parses what staff type as an amount ("1,299.50", "₱500") into centavos. Refuses more than two decimals,
 * zero and negatives with a message a form can show.
 */
export function parsePositiveAmount(text: string): { ok: true; centavos: number } | { ok: false; message: string } {
  const cleaned = text.replace(/[₱,\s]|PHP/gi, "");
  if (cleaned === "") return { ok: false, message: "Enter an amount" };
  if (/^-/.test(cleaned)) return { ok: false, message: "The amount must be more than zero" };
  if (/^\d+\.\d{3,}$/.test(cleaned)) return { ok: false, message: "Use at most two decimals (centavos)" };
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return { ok: false, message: "Enter an amount like 1,299.50" };
  const [whole, fraction = ""] = cleaned.split(".");
  const centavos = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  if (centavos <= 0) return { ok: false, message: "The amount must be more than zero" };
  if (!Number.isSafeInteger(centavos) || centavos > 100_000_000_00) return { ok: false, message: "That amount is too large" };
  return { ok: true, centavos };
}

/** What a credit note takes back, split like an invoice: VATable, zero-rated, exempt and VAT. */
export type SalesSplit = { vatableCentavos: number; zeroRatedCentavos: number; exemptCentavos: number; taxCentavos: number };

/**
 * The share of an invoice's sales that a credit of `amount` (VAT included) takes back: VAT and exempt sales in the
 * invoice's proportions, each rounded half-up once, and VATable the rest, so the three add up to the amount.
 */
export function creditShareOf(amount: number, invoice: InvoiceTotals): SalesSplit {
  if (!Number.isSafeInteger(amount)) throw new RangeError("amounts are whole centavos");
  if (invoice.totalCentavos === 0) return { vatableCentavos: amount, zeroRatedCentavos: 0, exemptCentavos: 0, taxCentavos: 0 };
  const taxCentavos = scale(amount, invoice.taxCentavos, invoice.totalCentavos);
  const exemptCentavos = scale(amount, invoice.exemptCentavos, invoice.totalCentavos);
  const zeroRatedCentavos = scale(amount, invoice.zeroRatedCentavos, invoice.totalCentavos);
  return { vatableCentavos: amount - taxCentavos - exemptCentavos - zeroRatedCentavos, zeroRatedCentavos, exemptCentavos, taxCentavos };
}

/** A credit made of priced lines (proration credits, net of any charge): the lines' totals, as positive amounts. */
export function creditOfLines(totals: InvoiceTotals): SalesSplit & { totalCentavos: number } {
  // `0 - x`, not `-x`: no negative zero reaches the database or a comparison.
  return {
    vatableCentavos: 0 - totals.vatableCentavos,
    zeroRatedCentavos: 0 - totals.zeroRatedCentavos,
    exemptCentavos: 0 - totals.exemptCentavos,
    taxCentavos: 0 - totals.taxCentavos,
    totalCentavos: 0 - totals.totalCentavos,
  };
}
