/*
 * Data caps, pure: how much of a cycle's allowance a subscriber has used, and what a new reading means — a notice at
 * 80 %, another at the cap, enforcement on or off. Shared by the evaluation job, the staff pages and the portal.
 */
import type { QuotaAction, QuotaDirection } from "./values";

/** Quotas are sold in decimal gigabytes, as carriers count them: 1 GB = 10⁹ bytes. */
export const GB = 1_000_000_000;
/** The share of the allowance that sends the early notice. */
export const WARNING_SHARE = 0.8;

export type Usage = { downloadBytes: number; uploadBytes: number };

/** The bytes that count against a quota in the given direction. */
export function countedBytes(direction: QuotaDirection, usage: Usage): number {
  if (direction === "download") return usage.downloadBytes;
  if (direction === "upload") return usage.uploadBytes;
  return usage.downloadBytes + usage.uploadBytes;
}

export type QuotaLevel = "under" | "warning" | "capped";

export function quotaLevel(used: number, allowance: number): QuotaLevel {
  if (used >= allowance) return "capped";
  if (used >= allowance * WARNING_SHARE) return "warning";
  return "under";
}

/** What the cycle's row says so far: when the early notice and the cap notice went out (null = not in this cycle). */
export type QuotaMarks = { warnedAt: Date | null; cappedAt: Date | null };

export type QuotaStep = {
  level: QuotaLevel;
  /** The notice to send now, once per crossing. */
  notify: "quota_warning" | "quota_reached" | null;
  /** The marks to store. A top-up that lifts the subscriber below a mark clears it, so crossing it again notifies again. */
  marks: QuotaMarks;
  /** Whether the router should hold the subscriber at the cap now. */
  enforce: boolean;
};

/**
 * The next state of one subscriber's cycle. Crossing 80 % notifies once; reaching the allowance notifies once and,
 * unless the plan only notifies, enforces; a top-up (a larger allowance) releases at once. Jumping from under 80 %
 * straight past the cap sends only the cap notice.
 */
export function stepQuota({ used, allowance, action, marks, now }: { used: number; allowance: number; action: QuotaAction; marks: QuotaMarks; now: Date }): QuotaStep {
  const level = quotaLevel(used, allowance);
  if (level === "capped") {
    const first = marks.cappedAt === null;
    return {
      level,
      notify: first ? "quota_reached" : null,
      marks: { warnedAt: marks.warnedAt ?? now, cappedAt: marks.cappedAt ?? now },
      enforce: action !== "notify",
    };
  }
  if (level === "warning") {
    const first = marks.warnedAt === null;
    return { level, notify: first ? "quota_warning" : null, marks: { warnedAt: marks.warnedAt ?? now, cappedAt: null }, enforce: false };
  }
  return { level, notify: null, marks: { warnedAt: null, cappedAt: null }, enforce: false };
}

/** "12.3 GB" (or "850 MB" below one GB), decimal like the quota. */
export function formatQuotaBytes(bytes: number): string {
  if (bytes < GB) return `${Math.round(bytes / 1_000_000).toLocaleString("en-PH")} MB`;
  const gb = bytes / GB;
  return `${gb >= 100 ? Math.round(gb).toLocaleString("en-PH") : gb.toFixed(1).replace(/\.0$/, "")} GB`;
}

/** The share used, for bars and notices: "82 %" (never above 100 % in text, which would confuse more than tell). */
export function usedShare(used: number, allowance: number): number {
  if (allowance <= 0) return 1;
  return Math.min(1, used / allowance);
}

/** What the subscriber is told happens at the cap, in the plan's words; once `reached`, what is happening now. */
export function capNote(action: QuotaAction, { throttleRate, renewsOn, reached = false }: { throttleRate: string | null; renewsOn: string; reached?: boolean }): string {
  const more = "unless you buy more data";
  if (action === "throttle")
    return reached
      ? `Your speed is ${describeRate(throttleRate)} until ${renewsOn}, ${more}.`
      : `At the cap your speed becomes ${describeRate(throttleRate)} until ${renewsOn}, ${more}.`;
  if (action === "profile")
    return reached ? `Your service runs at a slower speed until ${renewsOn}, ${more}.` : `At the cap your service moves to a slower speed until ${renewsOn}, ${more}.`;
  if (action === "block")
    return reached
      ? `Your internet is paused until ${renewsOn}, ${more}; the portal stays open.`
      : `At the cap your internet pauses until ${renewsOn}, ${more}; the portal stays open.`;
  return `Your service continues as usual; the allowance renews on ${renewsOn}.`;
}

/** A router rate-limit "2M/4M" (upload/download) told as a person reads it: "4 Mbps down, 2 Mbps up". */
export function describeRate(rate: string | null): string {
  if (!rate) return "a lower speed";
  const [up, down = up] = rate.split(" ")[0]!.split("/");
  const words = (part: string | undefined) => {
    const match = /^(\d+(?:\.\d+)?)([kKmMgG]?)$/.exec(part ?? "");
    if (!match) return part ?? "";
    const unit = { "": "bps", k: "kbps", K: "kbps", m: "Mbps", M: "Mbps", g: "Gbps", G: "Gbps" }[match[2] as "" | "k"];
    return `${match[1]} ${unit}`;
  };
  return up === down ? words(down) : `${words(down)} down, ${words(up)} up`;
}

/** A throttle rate the router accepts: "2M/2M", "512k/1M" (upload/download), or a single value for both. */
export const THROTTLE_RATE_PATTERN = /^\d+(?:\.\d+)?[kKmMgG]?(?:\/\d+(?:\.\d+)?[kKmMgG]?)?$/;
