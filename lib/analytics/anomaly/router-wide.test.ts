import { describe, expect, it } from "vitest";
import type { DetectedAnomaly } from "./detector";
import { dropRouterWideDisconnects, type JudgedSeries } from "./router-wide";

const H = 3_600_000;
const anomaly = (startHour: number, endHour = startHour): DetectedAnomaly => ({
  start: startHour * H,
  end: endHour * H,
  detectedAt: startHour * H,
  kind: "spike",
  direction: "above",
  severity: 8,
  expected: 0,
  actual: 6,
  samples: endHour - startHour + 1,
  open: false,
});
const series = (routerId: string, found: DetectedAnomaly[]): JudgedSeries => ({ routerId, found });

describe("disconnects that are the router's", () => {
  it("drops every subscriber's anomaly when most of a router's subscribers flap in the same hour", () => {
    const tower = Array.from({ length: 8 }, () => series("tower", [anomaly(10)]));
    const quiet = Array.from({ length: 4 }, () => series("tower", []));
    expect(dropRouterWideDisconnects([...tower, ...quiet], H)).toBe(8);
    expect(tower.every((s) => s.found.length === 0)).toBe(true);
  });

  it("keeps a flapping CPE that goes on after the router's hour, and anomalies on other routers", () => {
    const tower = Array.from({ length: 6 }, () => series("tower", [anomaly(10)]));
    const stubborn = series("tower", [anomaly(10, 12)]);
    const elsewhere = series("pop", [anomaly(10)]);
    dropRouterWideDisconnects([...tower, stubborn, elsewhere], H);
    expect(stubborn.found).toHaveLength(1);
    expect(elsewhere.found).toHaveLength(1);
  });

  it("keeps a few subscribers flagged together when they are not most of the router, or fewer than five", () => {
    const few = Array.from({ length: 4 }, () => series("tower", [anomaly(10)]));
    expect(dropRouterWideDisconnects(few, H)).toBe(0);
    const minority = [...Array.from({ length: 5 }, () => series("pop", [anomaly(3)])), ...Array.from({ length: 20 }, () => series("pop", []))];
    expect(dropRouterWideDisconnects(minority, H)).toBe(0);
  });
});
