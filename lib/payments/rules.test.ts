import { describe, expect, it } from "vitest";
import { centavosToDecimal, decimalToCentavos, stripeSettingsSchema } from "@/lib/payments/rules";

describe("PayPal amounts", () => {
  it.each([
    [149_900, "1499.00"],
    [5, "0.05"],
    [123_456_78, "123456.78"],
    [0, "0.00"],
  ])("%i centavos ↔ %s", (centavos, decimal) => {
    expect(centavosToDecimal(centavos)).toBe(decimal);
    expect(decimalToCentavos(decimal)).toBe(centavos);
  });

  it("reads PayPal's shorter spellings and refuses anything else", () => {
    expect(decimalToCentavos("1499")).toBe(149_900);
    expect(decimalToCentavos("1499.5")).toBe(149_950);
    for (const bad of ["", "-1.00", "1.005", "1,499.00", "1e3", "abc"]) expect(decimalToCentavos(bad), bad).toBeNull();
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
