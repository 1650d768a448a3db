import { describe, expect, it } from "vitest";
import { decimalToMinorUnits, formatMoney, fromMinorUnits, minorUnitsToDecimal, toMinorUnits } from "@/lib/core/money";
import { stripeSettingsSchema } from "@/lib/payments/rules";

describe("gateway amounts, one ISO 4217 table (lib/core/money)", () => {
  // PayPal's `value` string and Stripe's `unit_amount` / `amount_total` from stored centavos, and back.
  it.each`
    currency | centavos      | minor         | decimal
    ${"PHP"} | ${149_900}    | ${149_900}    | ${"1499.00"}
    ${"PHP"} | ${5}          | ${5}          | ${"0.05"}
    ${"PHP"} | ${123_456_78} | ${123_456_78} | ${"123456.78"}
    ${"PHP"} | ${0}          | ${0}          | ${"0.00"}
    ${"USD"} | ${1_999}      | ${1_999}      | ${"19.99"}
    ${"VND"} | ${150_000_00} | ${150_000}    | ${"150000"}
    ${"JPY"} | ${5_000_00}   | ${5_000}      | ${"5000"}
    ${"KRW"} | ${12_345_00}  | ${12_345}     | ${"12345"}
    ${"KWD"} | ${12_34}      | ${12_340}     | ${"12.340"}
    ${"BHD"} | ${1_00}       | ${1_000}      | ${"1.000"}
  `("$currency: $centavos centavos ↔ $minor minor units ↔ $decimal", ({ currency, centavos, minor, decimal }) => {
    expect(toMinorUnits(centavos, currency)).toBe(minor);
    expect(fromMinorUnits(minor, currency)).toBe(centavos);
    expect(minorUnitsToDecimal(minor, currency)).toBe(decimal);
    expect(decimalToMinorUnits(decimal, currency)).toBe(minor);
  });

  it("a currency without centavos is charged to the nearest whole unit, half up", () => {
    expect(toMinorUnits(150_000_49, "VND")).toBe(150_000);
    expect(toMinorUnits(150_000_50, "VND")).toBe(150_001);
  });

  it("reads PayPal's shorter spellings and refuses anything else", () => {
    expect(decimalToMinorUnits("1499", "PHP")).toBe(149_900);
    expect(decimalToMinorUnits("1499.5", "PHP")).toBe(149_950);
    expect(decimalToMinorUnits("150000", "VND")).toBe(150_000);
    for (const bad of ["", "-1.00", "1.005", "1,499.00", "1e3", "abc"]) expect(decimalToMinorUnits(bad, "PHP"), bad).toBeNull();
    expect(decimalToMinorUnits("150000.5", "VND")).toBeNull();
  });

  it.each`
    currency | centavos      | text
    ${"PHP"} | ${149_900}    | ${"₱1,499.00"}
    ${"VND"} | ${150_000_00} | ${"₫150,000"}
    ${"JPY"} | ${5_000_00}   | ${"¥5,000"}
    ${"KWD"} | ${12_34}      | ${"KWD 12.340"}
  `("formats $centavos centavos of $currency as $text", ({ currency, centavos, text }) => {
    expect(formatMoney(centavos, currency).replace(/\u00a0/g, " ")).toBe(text);
  });
});

describe("Stripe settings", () => {
  const base = {
    provider: "stripe",
    enabled: true,
    mode: "test",
    publishableKey: "",
    secretKey: "",
    webhookSigningSecret: "",
    apiBaseUrl: "",
  } as const;
  it("accepts blank secrets (kept) and refuses keys of the wrong kind or mode", () => {
    expect(stripeSettingsSchema.safeParse(base).success).toBe(true);
    const wrong = stripeSettingsSchema.safeParse({ ...base, publishableKey: "sk_test_1", webhookSigningSecret: "secret", secretKey: "sk_live_1" });
    expect(wrong.success).toBe(false);
    const paths = wrong.error!.issues.map((i) => i.path.join("."));
    expect(paths.sort()).toEqual(["publishableKey", "secretKey", "webhookSigningSecret"]);
  });
});
