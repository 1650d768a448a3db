import { describe, expect, it } from "vitest";
import { planOptionLabel, sortPlansForPicker } from "@/lib/plans/format";

const plan = (name: string, type: "pppoe" | "hotspot" | "static", priceCentavos: number) => ({
  name,
  type,
  priceCentavos,
  billingCycle: "monthly" as const,
});

describe("plan pickers", () => {
  it("label a plan with its type and price so a hotspot pass is not mistaken for a home plan", () => {
    expect(planOptionLabel(plan("Fiber 50", "pppoe", 129_900))).toBe("Fiber 50 · PPPoE · ₱1,299.00/mo");
    expect(planOptionLabel(plan("Day Pass", "hotspot", 2_000))).toBe("Day Pass · Hotspot · ₱20.00 per pass");
    expect(planOptionLabel({ ...plan("Fiber 50", "pppoe", 360_000), billingCycle: "quarterly" })).toBe("Fiber 50 · PPPoE · ₱3,600.00/qtr");
  });

  it("list PPPoE plans first, then static, then hotspot, each by price", () => {
    const sorted = sortPlansForPicker([
      plan("Day Pass", "hotspot", 2_000),
      plan("Fiber 100", "pppoe", 199_900),
      plan("Biz", "static", 500_000),
      plan("Fiber 25", "pppoe", 99_900),
    ]);
    expect(sorted.map((p) => p.name)).toEqual(["Fiber 25", "Fiber 100", "Biz", "Day Pass"]);
  });
});
