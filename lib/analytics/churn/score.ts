/*
 * Churn risk as points a person can check: each signal the system already holds adds points, capped per signal, and
 * says why in a sentence. No model to trust blindly: the weights are here, and bench/churn.ts measures how well the
 * ranking they give found the subscribers who later left or were suspended on the demo history. Pure.
 */

/** What is known about one subscriber as of a day (the read builds it: signals.ts). */
export type ChurnSignals = {
  /** Invoices that went overdue in the last 180 days. */
  latePayments: number;
  /** Suspensions for non-payment in the last 180 days. */
  suspensions: number;
  /** Suspended for non-payment as of the day. */
  suspendedNow: boolean;
  /** Bytes in the last 30 days and in the 30 before (null: no traffic history). */
  usageRecent: number | null;
  usagePrevious: number | null;
  /** Sessions started in the last 30 days (each reconnect starts one). */
  sessions: number;
  /** Tickets still open, and tickets of the last 90 days that breached an SLA target. */
  openTickets: number;
  slaBreaches: number;
  /** Moves to a cheaper plan in the last 180 days. */
  downgrades: number;
};

export type ChurnSignal = "late_payments" | "suspensions" | "falling_usage" | "disconnects" | "tickets" | "sla_breaches" | "downgrades";

export type Contribution = { signal: ChurnSignal; points: number; reason: string };

export type ChurnScore = { score: number; band: "high" | "medium" | "low"; contributions: Contribution[] };

export const signalLabels: Record<ChurnSignal, string> = {
  late_payments: "Late payments",
  suspensions: "Suspensions",
  falling_usage: "Falling usage",
  disconnects: "Repeated disconnects",
  tickets: "Open tickets",
  sla_breaches: "SLA breaches",
  downgrades: "Plan downgrades",
};

/** Sessions in 30 days an ordinary connection stays under (a reconnect a few days apart: router reboots, power cuts). */
export const NORMAL_SESSIONS = 10;
/** Usage history below this (1 GB in 30 days) is too little to call a fall. */
const MIN_PREVIOUS_BYTES = 1e9;
/** A fall smaller than this is ordinary month-to-month variation. */
const MIN_FALL = 0.3;

export const HIGH_RISK = 50;
export const MEDIUM_RISK = 25;

const times = (n: number) => (n === 1 ? "once" : n === 2 ? "twice" : `${n} times`);
const gb = (bytes: number) => `${(bytes / 1e9).toLocaleString("en", { maximumFractionDigits: 1 })} GB`;

/** The score (0–100), its band and each signal's points with the sentence that explains them, largest first. */
export function churnScore(s: ChurnSignals): ChurnScore {
  const out: Contribution[] = [];
  const add = (signal: ChurnSignal, points: number, reason: string) => {
    if (points > 0) out.push({ signal, points: Math.round(points), reason });
  };
  add("late_payments", Math.min(24, 8 * s.latePayments), `An invoice went overdue ${times(s.latePayments)} in the last 6 months.`);
  const suspensionPoints = Math.min(30, 15 * s.suspensions) + (s.suspendedNow ? 15 : 0);
  add(
    "suspensions",
    suspensionPoints,
    s.suspendedNow
      ? `Suspended for non-payment now${s.suspensions > 1 ? `, ${times(s.suspensions)} in the last 6 months` : ""}.`
      : `Suspended for non-payment ${times(s.suspensions)} in the last 6 months.`,
  );
  if (s.usageRecent !== null && s.usagePrevious !== null && s.usagePrevious >= MIN_PREVIOUS_BYTES) {
    const fall = 1 - s.usageRecent / s.usagePrevious;
    if (fall >= MIN_FALL) {
      add(
        "falling_usage",
        Math.min(30, fall * 30),
        `Usage fell ${Math.round(fall * 100)} % (${gb(s.usagePrevious)} to ${gb(s.usageRecent)}) over the last 30 days.`,
      );
    }
  }
  if (s.sessions > NORMAL_SESSIONS) {
    add("disconnects", Math.min(15, (s.sessions - NORMAL_SESSIONS) / 2), `Reconnected ${s.sessions} times in the last 30 days.`);
  }
  add("tickets", Math.min(15, 5 * s.openTickets), `${s.openTickets} ticket${s.openTickets === 1 ? "" : "s"} still open.`);
  add(
    "sla_breaches",
    Math.min(16, 8 * s.slaBreaches),
    `${s.slaBreaches} ticket${s.slaBreaches === 1 ? "" : "s"} missed a response or resolution target in the last 90 days.`,
  );
  add("downgrades", Math.min(24, 12 * s.downgrades), `Moved to a cheaper plan ${times(s.downgrades)} in the last 6 months.`);
  out.sort((a, b) => b.points - a.points || a.signal.localeCompare(b.signal));
  const score = Math.min(
    100,
    out.reduce((sum, c) => sum + c.points, 0),
  );
  return { score, band: score >= HIGH_RISK ? "high" : score >= MEDIUM_RISK ? "medium" : "low", contributions: out };
}
