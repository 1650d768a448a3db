import { describe, expect, it } from "vitest";
import { isFieldJobForToday } from "@/lib/tickets/rules";

const today = "2026-12-06";
const zone = "Asia/Manila";

describe("a technician's jobs for today", () => {
  it.each([
    { what: "planned for today", scheduledFor: today, nextDueAt: null, forToday: true },
    { what: "planned for an earlier day (still open)", scheduledFor: "2026-12-04", nextDueAt: null, forToday: true },
    { what: "planned for tomorrow, even with an SLA due today", scheduledFor: "2026-12-07", nextDueAt: "2026-12-06T03:00:00Z", forToday: false },
    { what: "unplanned, SLA due at 23:59 Manila time today", scheduledFor: null, nextDueAt: "2026-12-06T15:59:00Z", forToday: true },
    { what: "unplanned, SLA due at 00:01 Manila time tomorrow", scheduledFor: null, nextDueAt: "2026-12-06T16:01:00Z", forToday: false },
    { what: "unplanned, SLA already breached yesterday", scheduledFor: null, nextDueAt: "2026-12-05T01:00:00Z", forToday: true },
    { what: "unplanned and without an SLA", scheduledFor: null, nextDueAt: null, forToday: true },
  ])("$what → today: $forToday", ({ scheduledFor, nextDueAt, forToday }) => {
    expect(isFieldJobForToday({ scheduledFor, nextDueAt: nextDueAt ? new Date(nextDueAt) : null }, today, zone)).toBe(forToday);
  });
});
