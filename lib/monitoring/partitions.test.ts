import { describe, expect, it } from "vitest";
import { partitionName, partitionStart, planPartitions, retentionFrom, type PartitionSpec } from "./partitions";

const day = 86_400_000;
const now = Date.parse("2030-03-02T10:20:00Z");
const minutes: PartitionSpec = { table: "traffic_points_1m", column: "bucket", width: "day", retentionMs: 2 * day };
const hours: PartitionSpec = { table: "traffic_points_1h", column: "bucket", width: "month", retentionMs: 90 * day };

describe("time partitions", () => {
  it.each([
    ["day", "2030-03-02T10:20:00Z", 0, "2030-03-02"],
    ["day", "2030-02-28T23:59:59Z", 1, "2030-03-01"],
    ["month", "2030-12-31T10:00:00Z", 1, "2031-01-01"],
    ["year", "2032-02-29T10:00:00Z", 0, "2032-01-01"],
  ] as const)("a %s partition of %s (+%d) starts %s (UTC)", (width, at, steps, start) => {
    expect(new Date(partitionStart(Date.parse(at), width, steps)).toISOString().slice(0, 10)).toBe(start);
  });

  it("makes every partition from the oldest kept day to three days ahead on a first run", () => {
    const { create, drop } = planPartitions(minutes, [], now);
    expect(create.map((p) => p.name)).toEqual([
      "traffic_points_1m_p20300228",
      "traffic_points_1m_p20300301",
      "traffic_points_1m_p20300302",
      "traffic_points_1m_p20300303",
      "traffic_points_1m_p20300304",
      "traffic_points_1m_p20300305",
    ]);
    expect(create[0]).toMatchObject({ from: Date.parse("2030-02-28T00:00:00Z"), to: Date.parse("2030-03-01T00:00:00Z") });
    expect(drop).toEqual([]);
  });

  it("drops a partition only once all of it is past the retention, and leaves what it does not know alone", () => {
    const existing = ["traffic_points_1m_p20300227", "traffic_points_1m_p20300228", "traffic_points_1m_default", "traffic_points_1m_p20300305", "someone_elses"];
    const { create, drop } = planPartitions(minutes, existing, now);
    // Feb 28 ends at Mar 1 00:00, after the cutoff of Feb 28 10:20: kept.
    expect(drop).toEqual(["traffic_points_1m_p20300227"]);
    expect(create.map((p) => p.name)).toEqual(["traffic_points_1m_p20300301", "traffic_points_1m_p20300302", "traffic_points_1m_p20300303", "traffic_points_1m_p20300304"]);
  });

  it("keeps months of hours and makes two months ahead", () => {
    const { create } = planPartitions(hours, [], now);
    expect(create.map((p) => p.name)).toEqual([
      "traffic_points_1h_p20291201",
      "traffic_points_1h_p20300101",
      "traffic_points_1h_p20300201",
      "traffic_points_1h_p20300301",
      "traffic_points_1h_p20300401",
      "traffic_points_1h_p20300501",
    ]);
    expect(partitionName("router_health", Date.parse("2030-03-02T00:00:00Z"))).toBe("router_health_p20300302");
  });
});

describe("retention settings", () => {
  it("keeps the defaults, and takes any kind's days from TRAFFIC_RETENTION_DAYS", () => {
    expect(retentionFrom(undefined)).toEqual({ "1m": 2 * day, "5m": 35 * day, "1h": 90 * day, "1d": 730 * day, health: 30 * day });
    expect(retentionFrom(" 5m=62, 1h=180 ")).toMatchObject({ "5m": 62 * day, "1h": 180 * day, "1m": 2 * day });
  });

  it.each([
    ["5m=lots", /not kind=days/],
    ["2m=5", /not kind=days/],
    ["1h", /not kind=days/],
    ["1m=1", /1m must be kept at least 2 days/],
    ["health=0", /health must be kept at least 1 day,/],
  ])("refuses %s", (text, message) => {
    expect(() => retentionFrom(text)).toThrow(message);
  });
});
