import { describe, expect, it } from "vitest";
import { churnScore, type ChurnSignals } from "./score";

const quiet: ChurnSignals = {
  latePayments: 0,
  suspensions: 0,
  suspendedNow: false,
  usageRecent: 20e9,
  usagePrevious: 21e9,
  sessions: 3,
  openTickets: 0,
  slaBreaches: 0,
  downgrades: 0,
};

describe("churnScore", () => {
  it("gives a paying, steady subscriber no points", () => {
    expect(churnScore(quiet)).toEqual({ score: 0, band: "low", contributions: [] });
  });

  it("explains each signal's points in a sentence, largest first", () => {
    const result = churnScore({ ...quiet, latePayments: 2, suspensions: 1, suspendedNow: true, openTickets: 1, downgrades: 1 });
    expect(result.contributions).toEqual([
      { signal: "suspensions", points: 30, reason: "Suspended for non-payment now." },
      { signal: "late_payments", points: 16, reason: "An invoice went overdue twice in the last 6 months." },
      { signal: "downgrades", points: 12, reason: "Moved to a cheaper plan once in the last 6 months." },
      { signal: "tickets", points: 5, reason: "1 ticket still open." },
    ]);
    expect(result.score).toBe(63);
    expect(result.band).toBe("high");
  });

  it("counts a real fall in usage, not ordinary variation or too little history", () => {
    const fell = churnScore({ ...quiet, usagePrevious: 10e9, usageRecent: 4e9 });
    expect(fell.contributions).toEqual([{ signal: "falling_usage", points: 18, reason: "Usage fell 60 % (10 GB to 4 GB) over the last 30 days." }]);
    expect(churnScore({ ...quiet, usagePrevious: 10e9, usageRecent: 8e9 }).score).toBe(0);
    expect(churnScore({ ...quiet, usagePrevious: 0.5e9, usageRecent: 0 }).score).toBe(0);
    expect(churnScore({ ...quiet, usagePrevious: null, usageRecent: null }).score).toBe(0);
  });

  it("counts reconnects only above an ordinary month's", () => {
    expect(churnScore({ ...quiet, sessions: 10 }).score).toBe(0);
    expect(churnScore({ ...quiet, sessions: 30 }).contributions).toEqual([
      { signal: "disconnects", points: 10, reason: "Reconnected 30 times in the last 30 days." },
    ]);
  });

  it("caps each signal and the total", () => {
    const worst = churnScore({
      ...quiet,
      latePayments: 9,
      suspensions: 9,
      suspendedNow: true,
      usagePrevious: 10e9,
      usageRecent: 0,
      sessions: 200,
      openTickets: 9,
      slaBreaches: 9,
      downgrades: 9,
    });
    expect(worst.contributions.find((c) => c.signal === "late_payments")!.points).toBe(24);
    expect(worst.contributions.find((c) => c.signal === "suspensions")!.points).toBe(45);
    expect(worst.score).toBe(100);
  });

  it("bands medium from 25 points", () => {
    expect(churnScore({ ...quiet, latePayments: 3 }).band).toBe("low");
    expect(churnScore({ ...quiet, latePayments: 3, slaBreaches: 1 }).band).toBe("medium");
  });
});
