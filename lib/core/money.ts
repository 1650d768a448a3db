/*
 * Money is integer centavos everywhere: hundredths of the currency's main unit, whatever the currency (a ₱1,499.00
 * plan is 149900, and so is a ₫1,499 one). These helpers are the only place it meets text or the outside world.
 *
 * The currency's own minor unit (ISO 4217) can differ: the đồng, yen and won have none, the Bahraini and Kuwaiti
 * dinar have three decimals. Gateways count in those units (Stripe's `unit_amount` and `amount_total`, PayPal's
 * `value` string) and people read amounts with that many decimals, so everything crossing that line goes through
 * `minorUnitDigits` below: one table for every gateway and every formatter.
 */

/** Decimals of a stored amount: centavos are hundredths. */
export const STORED_DIGITS = 2;

/** ISO 4217 minor units of the currencies that do not have two decimals; every other currency has two. */
// prettier-ignore
const ISO_MINOR_UNIT_DIGITS: Readonly<Record<string, number>> = {
  BIF: 0, CLP: 0, DJF: 0, GNF: 0, ISK: 0, JPY: 0, KMF: 0, KRW: 0, PYG: 0, RWF: 0, UGX: 0, UYI: 0, VND: 0, VUV: 0, XAF: 0, XOF: 0, XPF: 0,
  BHD: 3, IQD: 3, JOD: 3, KWD: 3, LYD: 3, OMR: 3, TND: 3,
  CLF: 4, UYW: 4,
};

/** How many decimals the currency's minor unit has (ISO 4217): VND 0, PHP 2, KWD 3. */
export function minorUnitDigits(currency: string): number {
  return ISO_MINOR_UNIT_DIGITS[currency.toUpperCase()] ?? 2;
}

const pow10 = (n: number) => 10n ** BigInt(n);

/** round(n ÷ d), half away from zero, on BigInt. */
function divideHalfUp(n: bigint, d: bigint): bigint {
  const negative = n < 0n;
  const a = negative ? -n : n;
  const q = (a * 2n + d) / (d * 2n);
  return negative ? -q : q;
}

/**
 * Stored centavos → the currency's minor units, what a gateway is sent: PHP unchanged, ₫150,000.00 (15000000) →
 * 150000, KWD ×10. A currency without centavos rounds half-up to its whole unit.
 */
export function toMinorUnits(centavos: number, currency: string): number {
  if (!Number.isSafeInteger(centavos)) throw new RangeError("amounts are whole centavos");
  const shift = minorUnitDigits(currency) - STORED_DIGITS;
  if (shift === 0) return centavos;
  const value = shift > 0 ? BigInt(centavos) * pow10(shift) : divideHalfUp(BigInt(centavos), pow10(-shift));
  return Number(value);
}

/** The currency's minor units (what a gateway reports) → stored centavos; the inverse of `toMinorUnits`. */
export function fromMinorUnits(minor: number, currency: string): number {
  if (!Number.isSafeInteger(minor)) throw new RangeError("minor units are whole numbers");
  const shift = minorUnitDigits(currency) - STORED_DIGITS;
  if (shift === 0) return minor;
  const value = shift < 0 ? BigInt(minor) * pow10(-shift) : divideHalfUp(BigInt(minor), pow10(shift));
  return Number(value);
}

/** Minor units as a plain decimal string with the currency's decimals: "1499.50" (PHP), "150000" (VND), "12.345" (KWD). */
export function minorUnitsToDecimal(minor: number, currency: string): string {
  const digits = minorUnitDigits(currency);
  const sign = minor < 0 ? "-" : "";
  const abs = BigInt(Math.abs(minor));
  if (digits === 0) return `${sign}${abs}`;
  const scale = pow10(digits);
  return `${sign}${abs / scale}.${String(abs % scale).padStart(digits, "0")}`;
}

/** "1499.5" (PHP) → 149950 minor units; null for anything but a plain non-negative amount with at most the currency's decimals. */
export function decimalToMinorUnits(value: string, currency: string): number | null {
  const digits = minorUnitDigits(currency);
  const match = /^(\d{1,15})(?:\.(\d+))?$/.exec(value.trim());
  if (!match) return null;
  const fraction = match[2] ?? "";
  if (fraction.length > digits && !/^0*$/.test(fraction.slice(digits))) return null;
  const minor = BigInt(match[1]) * pow10(digits) + BigInt(fraction.slice(0, digits).padEnd(digits, "0") || "0");
  return minor <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(minor) : null;
}

/** Building a formatter costs far more than using one, and billing runs format thousands of amounts. */
const formats = new Map<string, Intl.NumberFormat>();

/** A formatter for the currency with exactly its ISO 4217 decimals (₱1,499.00, ₫150,000, KWD 1.250). */
export function moneyFormat(currency: string, locale = "en-PH", currencyDisplay: "symbol" | "code" = "symbol"): Intl.NumberFormat {
  const key = `${locale}|${currency}|${currencyDisplay}`;
  let format = formats.get(key);
  if (!format) {
    const digits = minorUnitDigits(currency);
    format = new Intl.NumberFormat(locale, {
      style: "currency",
      currency,
      currencyDisplay,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    });
    formats.set(key, format);
  }
  return format;
}

/** Stored centavos as the currency is written: ₱1,499.00; a ₫150,000 invoice (15000000 centavos) as ₫150,000. */
export function formatMoney(centavos: number, currency = "PHP", locale = "en-PH"): string {
  return moneyFormat(currency, locale).format(centavos / 10 ** STORED_DIGITS);
}

/**
 * Parses "1,299.50" or "₱1299.5" into centavos; returns null when the text is not an amount, or is one too large
 * to count exactly (our bigint columns would refuse it, and sums would round).
 */
export function parseMoneyToCentavos(text: string): number | null {
  const cleaned = text.replace(/[₱,\s]|PHP/gi, "");
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  const [whole, fraction = ""] = cleaned.split(".");
  const centavos = Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
  return Number.isSafeInteger(centavos) ? centavos : null;
}
