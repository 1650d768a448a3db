import { describe, expect, it } from "vitest";
import { clock } from "@/lib/core/clock";
import { clipResponseBody, failedForADay, isDeliveredStatus, MAX_ATTEMPTS, retryDelayAfter, routerEventOf, subscriptionEventOf } from "./rules";

const minutes = (n: number) => n * 60_000;
const hours = (n: number) => n * 60 * 60_000;

describe("the retry schedule", () => {
  it.each([
    [1, 5_000],
    [2, minutes(5)],
    [3, minutes(30)],
    [4, hours(2)],
    [5, hours(5)],
    [6, hours(10)],
    [7, hours(10)],
    [8, null],
  ])("after failed attempt %i waits %s ms", (attempts, wait) => {
    expect(retryDelayAfter(attempts)).toBe(wait);
  });

  it("is eight attempts over about a day", () => {
    expect(MAX_ATTEMPTS).toBe(8);
    const total = Array.from({ length: MAX_ATTEMPTS - 1 }, (_, i) => retryDelayAfter(i + 1)!).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(hours(27));
    expect(total).toBeLessThan(hours(28));
  });
});

describe("switching off a failing endpoint", () => {
  const now = clock.now();
  it.each([
    [null, false],
    [new Date(now.getTime() - hours(23)), false],
    [new Date(now.getTime() - hours(24)), true],
    [new Date(now.getTime() - hours(30)), true],
  ])("failing since %s: %s", (since, off) => {
    expect(failedForADay(since, now)).toBe(off);
  });
});

describe("which answers count as delivered", () => {
  it.each([
    [200, true],
    [204, true],
    [299, true],
    [301, false],
    [404, false],
    [500, false],
    [null, false],
  ])("%s → %s", (status, delivered) => expect(isDeliveredStatus(status)).toBe(delivered));

  it("keeps the first 2 KB of an answer, never half a character or a NUL", () => {
    const bytes = (text: string) => new TextEncoder().encode(text);
    expect(clipResponseBody(bytes("ok"))).toBe("ok");
    expect(clipResponseBody(bytes("x".repeat(5000)))).toHaveLength(2048);
    // "₱" is three bytes: the one that straddles byte 2048 is left out.
    expect(clipResponseBody(bytes(`${"x".repeat(2047)}₱₱`))).toBe("x".repeat(2047));
    expect(clipResponseBody(bytes("a\u0000b"))).toBe("ab");
  });
});

describe("lifecycle moves as events", () => {
  it.each([
    ["pending", "active", "subscription.activated"],
    [null, "active", "subscription.activated"],
    ["suspended", "active", "subscription.reactivated"],
    ["active", "suspended", "subscription.suspended"],
    ["active", "terminated", "subscription.terminated"],
    ["suspended", "terminated", "subscription.terminated"],
    ["pending", "terminated", "subscription.terminated"],
    ["active", "active", null],
    [null, "pending", null],
  ] as const)("%s → %s is %s", (from, to, event) => expect(subscriptionEventOf(from, to)).toBe(event));

  it.each([
    ["online", "offline", "router.down"],
    ["degraded", "offline", "router.down"],
    ["offline", "online", "router.up"],
    ["offline", "degraded", "router.up"],
    ["unknown", "offline", null],
    ["unknown", "online", null],
    ["online", "degraded", null],
    ["offline", "offline", null],
    ["online", "online", null],
  ] as const)("router %s → %s is %s", (from, to, event) => expect(routerEventOf(from, to)).toBe(event));
});
