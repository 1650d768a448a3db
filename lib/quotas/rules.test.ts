import { describe, expect, it } from "vitest";
import { capNote, countedBytes, describeRate, formatQuotaBytes, GB, quotaLevel, stepQuota, THROTTLE_RATE_PATTERN, type QuotaMarks } from "./rules";
import { splitAtMidnights } from "./usage";

const at = new Date("2030-03-10T04:00:00Z");
const earlier = new Date("2030-03-09T04:00:00Z");
const none: QuotaMarks = { warnedAt: null, cappedAt: null };

describe("what counts against a quota", () => {
  it.each([
    ["total", 7 * GB + 3 * GB],
    ["download", 7 * GB],
    ["upload", 3 * GB],
  ] as const)("%s", (direction, expected) => {
    expect(countedBytes(direction, { downloadBytes: 7 * GB, uploadBytes: 3 * GB })).toBe(expected);
  });

  it.each([
    [0, "under"],
    [79.99, "under"],
    [80, "warning"],
    [99.99, "warning"],
    [100, "capped"],
    [250, "capped"],
  ] as const)("%s GB of 100 GB is %s", (used, level) => {
    expect(quotaLevel(used * GB, 100 * GB)).toBe(level);
  });
});

describe("quota state transitions", () => {
  const step = (usedGb: number, marks: QuotaMarks, action: "throttle" | "notify" = "throttle") =>
    stepQuota({ used: usedGb * GB, allowance: 100 * GB, action, marks, now: at });

  it.each([
    ["under 80 %: nothing", 50, none, { notify: null, enforce: false, marks: none }],
    ["crossing 80 %: one warning", 85, none, { notify: "quota_warning", enforce: false, marks: { warnedAt: at, cappedAt: null } }],
    ["still over 80 %: no second warning", 90, { warnedAt: earlier, cappedAt: null }, { notify: null, enforce: false, marks: { warnedAt: earlier, cappedAt: null } }],
    ["reaching the cap: the cap notice and enforcement", 100, { warnedAt: earlier, cappedAt: null }, { notify: "quota_reached", enforce: true, marks: { warnedAt: earlier, cappedAt: at } }],
    ["past the cap already: enforced, no second notice", 120, { warnedAt: earlier, cappedAt: earlier }, { notify: null, enforce: true, marks: { warnedAt: earlier, cappedAt: earlier } }],
    ["straight past the cap: only the cap notice", 130, none, { notify: "quota_reached", enforce: true, marks: { warnedAt: at, cappedAt: at } }],
    ["a top-up below the cap: released, the cap mark cleared", 85, { warnedAt: earlier, cappedAt: earlier }, { notify: null, enforce: false, marks: { warnedAt: earlier, cappedAt: null } }],
    ["a new cycle (or a big top-up): both marks cleared", 10, { warnedAt: earlier, cappedAt: earlier }, { notify: null, enforce: false, marks: none }],
  ] as const)("%s", (_name, usedGb, marks, expected) => {
    const result = step(usedGb, marks);
    expect({ notify: result.notify, enforce: result.enforce, marks: result.marks }).toEqual(expected);
  });

  it("never enforces a plan that only notifies", () => {
    expect(step(150, none, "notify")).toMatchObject({ notify: "quota_reached", enforce: false, level: "capped" });
  });
});

describe("counting slices", () => {
  it("cuts a run at each local midnight so every minute lands on its own day", () => {
    // 22:00 on Mar 9 to 02:00 on Mar 11 in Manila (UTC+8).
    const from = Date.parse("2030-03-09T14:00:00Z");
    const to = Date.parse("2030-03-10T18:00:00Z");
    expect(splitAtMidnights(from, to, "Asia/Manila").map((s) => [new Date(s.from).toISOString(), new Date(s.to).toISOString(), s.day])).toEqual([
      ["2030-03-09T14:00:00.000Z", "2030-03-09T16:00:00.000Z", "2030-03-09"],
      ["2030-03-09T16:00:00.000Z", "2030-03-10T16:00:00.000Z", "2030-03-10"],
      ["2030-03-10T16:00:00.000Z", "2030-03-10T18:00:00.000Z", "2030-03-11"],
    ]);
    expect(splitAtMidnights(to, to, "Asia/Manila")).toEqual([]);
  });
});

describe("words", () => {
  it.each([
    [850_000_000, "850 MB"],
    [GB, "1 GB"],
    [12.34 * GB, "12.3 GB"],
    [150.4 * GB, "150 GB"],
    [1500 * GB, "1,500 GB"],
  ])("%s bytes read %s", (bytes, text) => {
    expect(formatQuotaBytes(bytes)).toBe(text);
  });

  it.each([
    ["2M/2M", "2 Mbps"],
    ["512k/1M", "1 Mbps down, 512 kbps up"],
    ["4M", "4 Mbps"],
    [null, "a lower speed"],
  ])("rate %s reads %s", (rate, text) => {
    expect(describeRate(rate)).toBe(text);
  });

  it("accepts the rates a router accepts and nothing else", () => {
    for (const ok of ["2M/2M", "512k/1M", "4M", "1.5M/3M", "1000000/2000000"]) expect(THROTTLE_RATE_PATTERN.test(ok)).toBe(true);
    for (const bad of ["", "2 Mbps", "2M/2M/2M", "fast", "-1M"]) expect(THROTTLE_RATE_PATTERN.test(bad)).toBe(false);
  });

  it("tells the subscriber what happens at the cap", () => {
    expect(capNote("throttle", { throttleRate: "1M/2M", renewsOn: "Jan 1, 2031" })).toBe(
      "At the cap your speed becomes 2 Mbps down, 1 Mbps up until Jan 1, 2031, unless you buy more data.",
    );
    expect(capNote("throttle", { throttleRate: "1M/2M", renewsOn: "Jan 1, 2031", reached: true })).toBe(
      "Your speed is 2 Mbps down, 1 Mbps up until Jan 1, 2031, unless you buy more data.",
    );
    expect(capNote("block", { throttleRate: null, renewsOn: "Jan 1, 2031", reached: true })).toMatch(/^Your internet is paused until Jan 1, 2031/);
    expect(capNote("notify", { throttleRate: null, renewsOn: "Jan 1, 2031" })).toMatch(/continues as usual/);
  });
});
