import { describe, expect, it } from "vitest";
import { planCapLabel, planOptionLabel, sortPlansForPicker } from "@/lib/plans/format";

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

describe("plan data caps in words", () => {
  const cap = { quotaBytes: 100_000_000_000, quotaDirection: "total" as const, quotaAction: "throttle" as const, quotaThrottleRate: "2M/2M", quotaProfile: null };
  it("say the allowance per cycle and what happens at it", () => {
    expect(planCapLabel(cap)).toBe("100 GB/cycle, then 2 Mbps");
    expect(planCapLabel({ ...cap, quotaThrottleRate: "1M/4M" })).toBe("100 GB/cycle, then 4 Mbps down, 1 Mbps up");
    expect(planCapLabel({ ...cap, quotaBytes: 50_000_000_000, quotaDirection: "download", quotaAction: "notify" })).toBe("50 GB download/cycle, notice only");
    expect(planCapLabel({ ...cap, quotaAction: "profile", quotaProfile: "fup-slow" })).toBe("100 GB/cycle, then profile fup-slow");
    expect(planCapLabel({ ...cap, quotaAction: "block" })).toBe("100 GB/cycle, then blocked but the portal");
    expect(planCapLabel({ ...cap, quotaBytes: null })).toBe("Unlimited");
  });
});
