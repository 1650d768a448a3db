import { describe, expect, it } from "vitest";
import { bucketStart, counterDelta, pppoeUsername, routerStatusFrom, sumBySubscription } from "./rules";

const t0 = new Date("2026-03-02T08:00:00Z");
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000);
const reading = (rx: bigint, tx: bigint, seconds: number) => ({ rx, tx, at: at(seconds) });

describe("counterDelta", () => {
  it.each([
    [
      "counters that moved give the difference",
      reading(1000n, 5000n, 0),
      reading(4000n, 9000n, 30),
      { kind: "delta", rxBytes: 3000, txBytes: 4000, seconds: 30 },
    ],
    [
      "a counter that went down was reset: count from zero",
      reading(9_000_000n, 100n, 0),
      reading(2000n, 300n, 30),
      { kind: "delta", rxBytes: 2000, txBytes: 200, seconds: 30 },
    ],
    ["no traffic gives zero, not nothing", reading(7n, 7n, 0), reading(7n, 7n, 30), { kind: "delta", rxBytes: 0, txBytes: 0, seconds: 30 }],
    ["a gap over 10 minutes only sets a baseline", reading(0n, 0n, 0), reading(500n, 500n, 601), { kind: "baseline", reason: "gap" }],
    ["a reading older than the stored one is stale", reading(0n, 0n, 30), reading(500n, 500n, 30), { kind: "baseline", reason: "stale" }],
    ["more than 100 Gbit/s is a misread, never a spike", reading(0n, 0n, 0), reading(2n ** 63n, 0n, 30), { kind: "baseline", reason: "implausible" }],
  ])("%s", (_name, previous, current, expected) => {
    expect(counterDelta(previous, current)).toEqual(expected);
  });

  it("a first reading is a baseline, unless it is a new session counted from zero since the last poll", () => {
    expect(counterDelta(undefined, reading(5000n, 9000n, 30))).toEqual({ kind: "baseline", reason: "first" });
    expect(counterDelta(undefined, reading(5000n, 9000n, 30), { countFromZero: true, sinceMs: 30_000 })).toEqual({
      kind: "delta",
      rxBytes: 5000,
      txBytes: 9000,
      seconds: 30,
    });
    expect(counterDelta(undefined, reading(5000n, 9000n, 30), { countFromZero: true, sinceMs: 3_600_000 })).toEqual({
      kind: "baseline",
      reason: "first",
    });
  });
});

describe("routerStatusFrom", () => {
  const healthy = { cpuLoad: 12, freeMemory: 1, totalMemory: 2, uptimeSeconds: 60 };
  it.each([
    [
      { reachable: true, durationMs: 40, health: healthy, failedReads: [] },
      { status: "online", lastError: null },
    ],
    [
      { reachable: true, durationMs: 40, health: { ...healthy, cpuLoad: 95 }, failedReads: [] },
      { status: "degraded", lastError: "CPU load is 95%." },
    ],
    [
      { reachable: true, durationMs: 40, health: healthy, failedReads: ["hotspot sessions"] },
      { status: "degraded", lastError: "Could not read hotspot sessions." },
    ],
    [
      { reachable: true, durationMs: 4200, health: healthy, failedReads: [] },
      { status: "degraded", lastError: "Answers are slow (4.2 s per poll)." },
    ],
    [
      { reachable: false, error: "Could not connect." },
      { status: "offline", lastError: "Could not connect." },
    ],
  ] as const)("%j → %j", (outcome, expected) => {
    expect(routerStatusFrom(outcome as Parameters<typeof routerStatusFrom>[0])).toEqual(expected);
  });
});

describe("subscriber mapping and buckets", () => {
  it("reads the username of <pppoe-USER> interfaces only", () => {
    expect(pppoeUsername("<pppoe-ACC-0001>")).toBe("ACC-0001");
    expect(pppoeUsername("<pppoe-08123456789>")).toBe("08123456789");
    expect(pppoeUsername("ether1")).toBeNull();
    expect(pppoeUsername("<l2tp-alice>")).toBeNull();
  });

  it("adds a hotspot user's sessions together", () => {
    expect(
      sumBySubscription([
        { subscriptionId: "a", rxBytes: 10, txBytes: 100, seconds: 30 },
        { subscriptionId: "a", rxBytes: 5, txBytes: 50, seconds: 20 },
        { subscriptionId: "b", rxBytes: 1, txBytes: 1, seconds: 30 },
      ]),
    ).toEqual([
      { subscriptionId: "a", rxBytes: 15, txBytes: 150, seconds: 30 },
      { subscriptionId: "b", rxBytes: 1, txBytes: 1, seconds: 30 },
    ]);
  });

  it("puts times in UTC minute, hour and day buckets", () => {
    const time = new Date("2026-03-02T08:17:45.500Z");
    expect(bucketStart(time, "1m").toISOString()).toBe("2026-03-02T08:17:00.000Z");
    expect(bucketStart(time, "1h").toISOString()).toBe("2026-03-02T08:00:00.000Z");
    expect(bucketStart(time, "1d").toISOString()).toBe("2026-03-02T00:00:00.000Z");
  });
});
