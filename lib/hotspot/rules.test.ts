import { describe, expect, it } from "vitest";
import {
  formatValidity,
  generateVoucherCode,
  generateVoucherCodes,
  VOUCHER_ALPHABET,
  VOUCHER_CODE_LENGTH,
  voucherBatchFieldsSchema,
} from "@/lib/hotspot/rules";

const planId = "6f1f3c1e-2b7a-4c55-9d1e-0b5f0a1e2c3d";
const errorsOf = (input: Record<string, unknown>) => {
  const parsed = voucherBatchFieldsSchema.safeParse({
    name: "Day passes",
    planId,
    count: "50",
    validity: "1",
    validityUnit: "days",
    price: "20",
    ...input,
  });
  return parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message]));
};

describe("voucher codes", () => {
  it("uses only unambiguous characters", () => {
    for (const ambiguous of ["0", "O", "1", "I", "L"]) expect(VOUCHER_ALPHABET).not.toContain(ambiguous);
    const codes = generateVoucherCodes(1000);
    expect(new Set(codes).size).toBe(1000);
    for (const code of codes) expect(code).toMatch(new RegExp(`^[${VOUCHER_ALPHABET}]{${VOUCHER_CODE_LENGTH}}$`));
  });

  it("skips bytes that would bias the alphabet and maps the rest evenly", () => {
    // 248 and above are rejected; 0 → A, 31 → A again, 30 → 9.
    const bytes = [255, 248, 0, 31, 30, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
    expect(generateVoucherCode((n) => Uint8Array.from(bytes.slice(0, n)))).toBe("AA9BCDEF");
  });

  it("never hands out a code that is already taken", () => {
    let call = 0;
    // The first code drawn is "AAAAAAAA", which is taken; the next draws differ.
    const random = (n: number) => Uint8Array.from({ length: n }, (_, i) => (call++ < n ? 0 : (i + call) % 31));
    const codes = generateVoucherCodes(3, { taken: new Set(["AAAAAAAA"]), random });
    expect(codes).toHaveLength(3);
    expect(codes).not.toContain("AAAAAAAA");
  });
});

describe("voucher batch form", () => {
  it("turns validity into seconds and the price into centavos", () => {
    expect(
      voucherBatchFieldsSchema.parse({ name: " Day passes ", planId, count: "50", validity: "3", validityUnit: "hours", price: "₱20.50" }),
    ).toEqual({
      name: "Day passes",
      planId,
      count: 50,
      validitySeconds: 10_800,
      priceCentavos: 2050,
    });
  });

  it.each([
    [{ count: "0" }, { count: "Count must be 1–1000" }],
    [{ count: "1001" }, { count: "Count must be 1–1000" }],
    [{ count: "2.5" }, { count: "Count must be a whole number" }],
    [{ validity: "0" }, { validity: "Validity must be at least 1" }],
    [{ validity: "366" }, { validity: "Validity can be at most 365 days" }],
    [{ validityUnit: "weeks" }, { validityUnit: "Choose minutes, hours or days" }],
    [{ price: "twenty" }, { price: "Enter a price like 20 or 20.00" }],
    [{ price: "-5" }, { price: "Enter a price like 20 or 20.00" }],
    [{ planId: "" }, { planId: "Choose a hotspot plan" }],
    [{ name: "" }, { name: "Name the batch, e.g. “1-day passes, May”" }],
  ])("refuses %o", (input, errors) => {
    expect(errorsOf(input)).toEqual(errors);
  });

  it("prints validity in the largest whole units", () => {
    expect(formatValidity(86_400)).toBe("1 day");
    expect(formatValidity(5400)).toBe("1 hour 30 minutes");
    expect(formatValidity(3 * 86_400 + 7200)).toBe("3 days 2 hours");
    expect(formatValidity(1800)).toBe("30 minutes");
  });
});
