/** Money is integer centavos everywhere; these helpers are the only place it meets text. */

/** Building a formatter costs far more than using one, and billing runs format thousands of amounts. */
const formats = new Map<string, Intl.NumberFormat>();

export function formatMoney(centavos: number, currency = "PHP", locale = "en-PH"): string {
  const key = `${locale}|${currency}`;
  let format = formats.get(key);
  if (!format) formats.set(key, (format = new Intl.NumberFormat(locale, { style: "currency", currency })));
  return format.format(centavos / 100);
}

/** Parses "1,299.50" or "₱1299.5" into centavos; returns null when the text is not an amount. */
export function parseMoneyToCentavos(text: string): number | null {
  const cleaned = text.replace(/[₱,\s]|PHP/gi, "");
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  const [whole, fraction = ""] = cleaned.split(".");
  return Number(whole) * 100 + Number(fraction.padEnd(2, "0"));
}
