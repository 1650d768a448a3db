import { describe, expect, it } from "vitest";
import { distributeByPlan, isLightUser, planCapacityBytes, usageBucketOf } from "./distribution";
import { GB } from "./values";

describe("usageBucketOf: decimal gigabytes, each bound belonging to the bucket above it", () => {
  it.each([
    [0, "under10"],
    [10 * GB - 1, "under10"],
    [10 * GB, "10to50"],
    [49.9 * GB, "10to50"],
    [50 * GB, "50to100"],
    [100 * GB, "100to250"],
    [249_999_999_999, "100to250"],
    [250 * GB, "over250"],
    [40_000 * GB, "over250"],
  ])("%d bytes → %s", (bytes, bucket) => {
    expect(usageBucketOf(bytes)).toBe(bucket);
  });
});

describe("isLightUser: under 5 % of what the plan's download speed carries over the period", () => {
  const thirtyDays = 30 * 86_400;
  it("measures a 25 Mbps plan over 30 days: 8.1 TB at full speed, 405 GB is the line", () => {
    expect(planCapacityBytes(25_000, thirtyDays)).toBe(8.1e12);
    expect(isLightUser(404.9 * GB, 25_000, thirtyDays)).toBe(true);
    expect(isLightUser(405 * GB, 25_000, thirtyDays)).toBe(false);
  });

  it("scales with the days that have passed (a month so far)", () => {
    expect(isLightUser(20 * GB, 25_000, 86_400)).toBe(false);
    expect(isLightUser(13 * GB, 25_000, 86_400)).toBe(true);
  });
});

describe("distributeByPlan", () => {
  const plans = [
    { id: "fiber25", name: "Fiber 25", downloadKbps: 25_000 },
    { id: "fiber100", name: "Fiber 100", downloadKbps: 100_000 },
    { id: "unused", name: "Unused plan", downloadKbps: 10_000 },
  ];
  const day = 86_400;

  it("counts each plan's subscribers per bucket (download + upload) and those under 5 %, in plan order", () => {
    const result = distributeByPlan(
      [
        { planId: "fiber100", downloadBytes: 300 * GB, uploadBytes: 20 * GB },
        { planId: "fiber25", downloadBytes: 0, uploadBytes: 0 },
        { planId: "fiber25", downloadBytes: 8 * GB, uploadBytes: 3 * GB },
        { planId: "fiber25", downloadBytes: 60 * GB, uploadBytes: 0 },
        { planId: "fiber100", downloadBytes: 5 * GB, uploadBytes: 1 * GB },
        { planId: "gone", downloadBytes: 1 * GB, uploadBytes: 0 },
      ],
      plans,
      day,
    );
    expect(result.map((plan) => [plan.planName, plan.subscribers, plan.buckets, plan.light, plan.totalBytes / GB])).toEqual([
      ["Fiber 25", 3, { under10: 1, "10to50": 1, "50to100": 1, "100to250": 0, over250: 0 }, 2, 71],
      ["Fiber 100", 2, { under10: 1, "10to50": 0, "50to100": 0, "100to250": 0, over250: 1 }, 1, 326],
    ]);
  });

  it("has nothing for plans without subscribers", () => {
    expect(distributeByPlan([], plans, day)).toEqual([]);
  });
});
