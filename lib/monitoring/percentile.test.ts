import { describe, expect, it } from "vitest";
import { expectedSampleCount, ninetyFifthBytes, ninetyFifthPercentile, percentileIndex, sampleBps } from "./percentile";

/** Bytes in one 5-minute sample at an average of `mbps`. */
const bytesAt = (mbps: number) => (mbps * 1e6 * 300) / 8;
const range = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

describe("percentileIndex: the sample that is billed among n sorted ascending", () => {
  it.each([
    [1, 0, "one sample is its own percentile"],
    [19, 18, "under 20 samples, 5 % is less than one: nothing is dropped"],
    [20, 18, "20 samples: the top one goes"],
    [21, 19, "21: ceil(19.95) − 1"],
    [100, 94, "100: the top five go"],
    [288, 273, "a day of 5-minute samples"],
    [8064, 7660, "28 days (February)"],
    [8640, 8207, "30 days: 432 samples (36 hours) are free"],
    [8928, 8481, "31 days"],
  ])("n = %i → index %i (%s)", (n, index) => {
    expect(percentileIndex(n)).toBe(index);
  });

  it("refuses to take a percentile of nothing", () => {
    expect(() => percentileIndex(0)).toThrow(RangeError);
  });
});

describe("ninetyFifthBytes", () => {
  it.each([
    ["in order", range(20, (i) => i + 1), 19],
    ["reversed", range(20, (i) => 20 - i), 19],
    ["shuffled, with repeats", [5, 1, 9, 9, 3, 7, 9, 2, 8, 6, 4, 9, 10, 1, 2, 3, 4, 5, 6, 100], 10],
    ["numerically, not as text (9 < 10 < 100)", [100, 9, 10], 100],
    ["a single sample", [42], 42],
  ])("sorts %s and drops the top 5 %%", (_, bytes, expected) => {
    expect(ninetyFifthBytes(bytes)).toBe(expected);
  });
});

describe("ninetyFifthPercentile: the billing-grade 95th percentile of 5-minute samples", () => {
  it("takes rate = bytes × 8 / 300 per direction and bills the larger direction", () => {
    // Downstream busy (tx to the customer side), upstream light; each direction is sorted on its own.
    const samples = range(100, (i) => ({ rxBytes: bytesAt(i % 10), txBytes: bytesAt(i + 1) }));
    const result = ninetyFifthPercentile(samples, { expectedSamples: 100 })!;
    expect(result.txBps).toBeCloseTo(95e6, 3);
    expect(result.rxBps).toBeCloseTo(9e6, 3);
    expect(result.billableBps).toBe(result.txBps);
    expect(result.billableDirection).toBe("tx");
    expect(sampleBps(3_750_000)).toBe(100_000);
  });

  it("sorts each direction separately: the two figures may come from different samples", () => {
    const samples = range(20, (i) => ({ rxBytes: bytesAt(i < 10 ? 50 : 1), txBytes: bytesAt(i < 10 ? 1 : 60) }));
    const result = ninetyFifthPercentile(samples, { expectedSamples: 20 })!;
    expect(result.rxBps).toBeCloseTo(50e6, 3);
    expect(result.txBps).toBeCloseTo(60e6, 3);
    expect(result.billableDirection).toBe("tx");
  });

  it("drops the top 5 %: a 36-hour burst in a 30-day month costs nothing, a 37-hour one sets the bill", () => {
    const month = 8640;
    const withBurst = (burstSamples: number) => range(month, (i) => ({ rxBytes: bytesAt(i < burstSamples ? 900 : 200), txBytes: bytesAt(20) }));
    expect(ninetyFifthPercentile(withBurst(432), { expectedSamples: month })!.billableBps).toBeCloseTo(200e6, 3);
    expect(ninetyFifthPercentile(withBurst(433), { expectedSamples: month })!.billableBps).toBeCloseTo(900e6, 3);
  });

  it("never clamps to the port's speed: a 100 Mbps port bursting to 140 Mbps is billed 140 Mbps", () => {
    const portSpeedBps = 100e6;
    const samples = range(100, (i) => ({ rxBytes: bytesAt(i < 90 ? 80 : 140), txBytes: bytesAt(10) }));
    const result = ninetyFifthPercentile(samples, { expectedSamples: 100 })!;
    expect(result.rxBps).toBeCloseTo(140e6, 3);
    expect(result.billableBps).toBeGreaterThan(portSpeedBps);
  });

  it("does not invent missing samples as zeros, and says how many of the expected were present", () => {
    // Ten samples of 1..10 Mbps where twenty were expected (the router was unreachable half the time).
    const samples = range(10, (i) => ({ rxBytes: bytesAt(i + 1), txBytes: 0 }));
    const result = ninetyFifthPercentile(samples, { expectedSamples: 20 })!;
    // Over the ten present: index ceil(9.5) − 1 = 9, the 10 Mbps sample. Padding with ten zeros would give index 18 → 9 Mbps.
    expect(result.rxBps).toBeCloseTo(10e6, 3);
    expect(result).toMatchObject({ samples: 10, expectedSamples: 20 });
  });

  it("has no percentile without samples", () => {
    expect(ninetyFifthPercentile([], { expectedSamples: 8640 })).toBeNull();
  });

  it("bills rx on a tie", () => {
    expect(ninetyFifthPercentile([{ rxBytes: 300, txBytes: 300 }], { expectedSamples: 1 })!.billableDirection).toBe("rx");
  });
});

describe("expectedSampleCount", () => {
  it.each([
    ["2026-11-01T00:00:00+08:00", "2026-12-01T00:00:00+08:00", 8640, "November in Manila"],
    ["2027-02-01T00:00:00+08:00", "2027-03-01T00:00:00+08:00", 8064, "February"],
    ["2026-12-01T00:00:00+08:00", "2027-01-01T00:00:00+08:00", 8928, "December"],
    ["2026-12-01T00:00:00+08:00", "2026-12-01T10:07:00+08:00", 121, "a month so far: complete samples only"],
    ["2026-12-01T00:00:00+08:00", "2026-11-30T00:00:00+08:00", 0, "an empty range"],
  ])("%s → %s: %i (%s)", (from, to, expected) => {
    expect(expectedSampleCount(new Date(from), new Date(to))).toBe(expected);
  });
});
