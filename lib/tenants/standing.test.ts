import { describe, expect, it } from "vitest";
import { daysOverdue, firstBilledDay, mayBeSuspended, readOnlyFrom, readOnlyMessage, standingOf, type StandingFacts } from "./standing";

const base: StandingFacts = { today: "2026-12-10", trialEndsOn: "2026-12-01", tenantSuspended: false, oldestOverdueDueDate: null, readOnlyAfterDays: 7 };

describe("an ISP's standing with NetSphere", () => {
  it.each<[string, Partial<StandingFacts>, string]>([
    ["before the first billed day: trial", { today: "2026-11-30" }, "trial"],
    ["on the first billed day, nothing overdue: active", { today: "2026-12-01" }, "active"],
    ["paid up: active", {}, "active"],
    ["due today, not yet late: active", { oldestOverdueDueDate: "2026-12-10" }, "active"],
    ["a day after the due date: past due", { oldestOverdueDueDate: "2026-12-09" }, "past_due"],
    ["six days after: still past due", { oldestOverdueDueDate: "2026-12-04" }, "past_due"],
    ["seven days after: read-only", { oldestOverdueDueDate: "2026-12-03" }, "read_only"],
    ["long overdue: read-only, never suspended by itself", { oldestOverdueDueDate: "2026-09-01" }, "read_only"],
    ["an upgrade's invoice overdue during the trial: past due", { today: "2026-11-20", oldestOverdueDueDate: "2026-11-15" }, "past_due"],
    ["suspended by the operator: suspended, paid or not", { tenantSuspended: true }, "suspended"],
    ["read-only after one day when the operator's policy says so", { oldestOverdueDueDate: "2026-12-09", readOnlyAfterDays: 1 }, "read_only"],
    ["a policy of zero days still waits one day", { oldestOverdueDueDate: "2026-12-10", readOnlyAfterDays: 0 }, "active"],
  ])("%s", (_label, facts, expected) => {
    expect(standingOf({ ...base, ...facts })).toBe(expected);
  });

  it("counts the days overdue and the read-only day from the due date", () => {
    expect(readOnlyFrom("2026-12-03")).toBe("2026-12-10");
    expect(readOnlyFrom("2026-02-25", 7)).toBe("2026-03-04");
    expect(daysOverdue("2026-12-03", "2026-12-10")).toBe(7);
    expect(daysOverdue("2026-12-10", "2026-12-10")).toBe(0);
    expect(mayBeSuspended("2026-11-10", "2026-12-10")).toBe(true);
    expect(mayBeSuspended("2026-11-11", "2026-12-10")).toBe(false);
    expect(mayBeSuspended(null, "2026-12-10")).toBe(false);
  });

  it("starts billing the day after a trial of the configured length", () => {
    expect(firstBilledDay("2026-12-20", 14)).toBe("2027-01-03");
    expect(firstBilledDay("2026-12-20", 0)).toBe("2026-12-20");
  });

  it("names the invoice in the read-only message", () => {
    expect(readOnlyMessage("NS-2026-000012")).toMatch(/^Your NetSphere account is read-only until the invoice NS-2026-000012 is paid/);
  });
});
