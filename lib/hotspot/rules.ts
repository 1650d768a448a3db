import { z } from "zod";
import { parseMoneyToCentavos } from "@/lib/core/money";
import { MAX_VOUCHERS_PER_BATCH } from "@/lib/hotspot/values";

export { MAX_VOUCHERS_PER_BATCH } from "@/lib/hotspot/values";

/** Letters and digits that can't be misread on paper: no 0/O, 1/I/L. */
export const VOUCHER_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
export const VOUCHER_CODE_LENGTH = 8;

export type RandomBytes = (length: number) => Uint8Array;
const cryptoRandom: RandomBytes = (length) => crypto.getRandomValues(new Uint8Array(length));

/** Bytes at or above this would make some letters likelier than others (248 = 8 × 31), so they are skipped. */
const UNBIASED_LIMIT = 256 - (256 % VOUCHER_ALPHABET.length);

/** One code of VOUCHER_CODE_LENGTH characters from VOUCHER_ALPHABET, uniformly random. */
export function generateVoucherCode(random: RandomBytes = cryptoRandom): string {
  let code = "";
  while (code.length < VOUCHER_CODE_LENGTH) {
    for (const byte of random(VOUCHER_CODE_LENGTH * 2)) {
      if (byte >= UNBIASED_LIMIT) continue;
      code += VOUCHER_ALPHABET[byte % VOUCHER_ALPHABET.length];
      if (code.length === VOUCHER_CODE_LENGTH) break;
    }
  }
  return code;
}

/** `count` distinct codes, none of them in `taken`. */
export function generateVoucherCodes(
  count: number,
  { taken = new Set<string>(), random = cryptoRandom }: { taken?: ReadonlySet<string>; random?: RandomBytes } = {},
) {
  const codes = new Set<string>();
  while (codes.size < count) {
    const code = generateVoucherCode(random);
    if (!taken.has(code)) codes.add(code);
  }
  return [...codes];
}

export const validityUnits = { minutes: 60, hours: 3600, days: 86_400 } as const;
export type ValidityUnit = keyof typeof validityUnits;
const MAX_VALIDITY_SECONDS = 365 * 86_400;

/** `86400` → "1 day", `5400` → "1 hour 30 minutes": the largest whole units, as printed on the card. */
export function formatValidity(seconds: number): string {
  const parts: string[] = [];
  let rest = seconds;
  for (const [unit, size] of [
    ["day", 86_400],
    ["hour", 3600],
    ["minute", 60],
  ] as const) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count} ${unit}${count === 1 ? "" : "s"}`);
  }
  return parts.join(" ") || `${seconds} seconds`;
}

const pesos = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const centavos = parseMoneyToCentavos(String(value));
  if (centavos === null) {
    ctx.addIssue({ code: "custom", message: "Enter a price like 20 or 20.00" });
    return z.NEVER;
  }
  if (centavos > 10_000_000) {
    ctx.addIssue({ code: "custom", message: "Price is too high" });
    return z.NEVER;
  }
  return centavos;
});

/** The batch form: validity as a number and a unit, price in pesos; out come seconds and centavos. */
export const voucherBatchFieldsSchema = z
  .object({
    name: z.string().trim().min(1, "Name the batch, e.g. “1-day passes, May”").max(80, "Name is too long"),
    planId: z.string().uuid("Choose a hotspot plan"),
    count: z.coerce
      .number({ message: "Count must be a number" })
      .int("Count must be a whole number")
      .min(1, `Count must be 1–${MAX_VOUCHERS_PER_BATCH}`)
      .max(MAX_VOUCHERS_PER_BATCH, `Count must be 1–${MAX_VOUCHERS_PER_BATCH}`),
    validity: z.coerce.number({ message: "Validity must be a number" }).int("Validity must be a whole number").min(1, "Validity must be at least 1"),
    validityUnit: z.enum(Object.keys(validityUnits) as [ValidityUnit, ...ValidityUnit[]], { message: "Choose minutes, hours or days" }),
    price: pesos,
  })
  .superRefine((batch, ctx) => {
    if (batch.validity * validityUnits[batch.validityUnit] > MAX_VALIDITY_SECONDS)
      ctx.addIssue({ code: "custom", path: ["validity"], message: "Validity can be at most 365 days" });
  })
  .transform(({ validity, validityUnit, price, ...batch }) => ({
    ...batch,
    validitySeconds: validity * validityUnits[validityUnit],
    priceCentavos: price,
  }));
export type VoucherBatchFields = z.output<typeof voucherBatchFieldsSchema>;
