import { describe, expect, it } from "vitest";
import { capBadge, packLine, usedOfAllowance, type CapState } from "@/lib/quotas/labels";
import { GB } from "@/lib/quotas/rules";

const at = (change: Partial<CapState>): CapState => ({ level: "capped", enforced: true, action: "throttle", throttleRate: "2M/2M", share: 1, ...change });

describe("data caps in words", () => {
  it("tells used of allowance in decimal GB", () => {
    expect(usedOfAllowance({ usedBytes: 42.3 * GB, allowanceBytes: 100 * GB })).toBe("42.3 GB of 100 GB used");
    expect(usedOfAllowance({ usedBytes: 850_000_000, allowanceBytes: 110 * GB })).toBe("850 MB of 110 GB used");
  });

  it("names a pack by its size unless it has a name of its own", () => {
    expect(packLine({ name: "20 gb", bytes: 20 * GB })).toBe("20 GB");
    expect(packLine({ name: "Weekend pack", bytes: 5 * GB })).toBe("Weekend pack, 5 GB");
  });

  it("badges a subscriber at the cap with what the router does, in staff or subscriber words", () => {
    const staff = { audience: "staff" as const, profile: "fup-slow" };
    const subscriber = { audience: "subscriber" as const };
    expect(capBadge(at({}), staff)).toEqual({ text: "At cap — slowed to 2 Mbps", tone: "danger" });
    expect(capBadge(at({ action: "block" }), staff)?.text).toBe("At cap — blocked");
    expect(capBadge(at({ action: "block" }), subscriber)?.text).toBe("At cap — internet paused");
    expect(capBadge(at({ action: "profile" }), staff)?.text).toBe("At cap — moved to profile fup-slow");
    expect(capBadge(at({ action: "profile" }), subscriber)?.text).toBe("At cap — slower speed");
    expect(capBadge(at({ action: "notify", enforced: false }), staff)).toEqual({ text: "At cap — notified only", tone: "warning" });
    // Reached, but the router has not applied it (yet, or the service is suspended): no claim about the speed.
    expect(capBadge(at({ enforced: false }), staff)?.text).toBe("At cap");
  });

  it("shows the share from 80 % and nothing below", () => {
    expect(capBadge(at({ level: "warning", enforced: false, share: 0.874 }), { audience: "subscriber" })).toEqual({ text: "87 % used", tone: "warning" });
    expect(capBadge(at({ level: "under", enforced: false, share: 0.5 }), { audience: "staff" })).toBeNull();
  });
});
