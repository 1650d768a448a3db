/*
 * Data caps in words for the staff pages and the portal, pure: the used-of-allowance line, which traffic counts,
 * and the badge a subscriber at the cap gets ("At cap — slowed to 2 Mbps").
 */
import { describeRate, formatQuotaBytes } from "./rules";
import type { QuotaLevel } from "./rules";
import type { QuotaAction, QuotaDirection, TopUpStatus } from "./values";

/** "42.3 GB of 100 GB used"; the allowance includes this cycle's granted top-ups. */
export function usedOfAllowance({ usedBytes, allowanceBytes }: { usedBytes: number; allowanceBytes: number }): string {
  return `${formatQuotaBytes(usedBytes)} of ${formatQuotaBytes(allowanceBytes)} used`;
}

/** A pack or top-up in a line: "10 GB" when its name is just its size, else "Weekend pack, 10 GB". */
export function packLine({ name, bytes }: { name: string; bytes: number }): string {
  const size = formatQuotaBytes(bytes);
  return name.trim().toLowerCase() === size.toLowerCase() ? size : `${name}, ${size}`;
}

export const countsNote: Record<QuotaDirection, string> = {
  total: "download and upload count",
  download: "only download counts",
  upload: "only upload counts",
};

export const topUpStatusLabels: Record<TopUpStatus, string> = {
  granted: "Added",
  pending_payment: "Waiting for payment",
  cancelled: "Cancelled",
};

export type CapState = { level: QuotaLevel; enforced: boolean; action: QuotaAction; throttleRate: string | null; share: number };
export type CapBadge = { text: string; tone: "warning" | "danger" };

/**
 * The badge beside the meter: at the cap, what the router does now (staff see the profile's name; subscribers are
 * told in plain words); from 80 %, the share used. Null below 80 %. A cap not yet applied (the router follows within
 * minutes, or the service is suspended) reads as plainly "At cap".
 */
export function capBadge(state: CapState, { audience, profile = null }: { audience: "staff" | "subscriber"; profile?: string | null }): CapBadge | null {
  if (state.level === "warning") return { text: `${Math.floor(state.share * 100)} % used`, tone: "warning" };
  if (state.level !== "capped") return null;
  if (state.action === "notify") return { text: audience === "staff" ? "At cap — notified only" : "Allowance used up", tone: "warning" };
  if (!state.enforced) return { text: "At cap", tone: "danger" };
  switch (state.action) {
    case "throttle":
      return { text: `At cap — slowed to ${describeRate(state.throttleRate)}`, tone: "danger" };
    case "profile":
      return { text: audience === "staff" ? `At cap — moved to profile ${profile ?? "(not set)"}` : "At cap — slower speed", tone: "danger" };
    case "block":
      return { text: audience === "staff" ? "At cap — blocked" : "At cap — internet paused", tone: "danger" };
  }
}
