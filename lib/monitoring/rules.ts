/*
 * The poller's pure core: counters → deltas (resets, first readings, gaps), bucket times, the router's
 * status from one poll, and which subscription a `<pppoe-USER>` interface or hotspot session belongs to.
 * No I/O here; poll.ts reads the router and store.ts writes the rows.
 */
import type { TrafficResolution } from "./schema";

/** Faster than any link we poll (100 Gbit/s): a larger delta can only be a misread or a wrapped counter. */
export const MAX_PLAUSIBLE_BYTES_PER_SECOND = 100e9 / 8;
/** Past this gap between readings the bytes can't be placed in a minute, so the reading only sets a new baseline. */
export const MAX_DELTA_GAP_MS = 10 * 60_000;
/** A router that answers slower than this over a whole poll is degraded. */
export const SLOW_POLL_MS = 3000;
export const HIGH_CPU_PERCENT = 90;

export const resolutionMs: Record<TrafficResolution, number> = { "1m": 60_000, "5m": 300_000, "1h": 3_600_000, "1d": 86_400_000 };

export type CounterReading = { rx: bigint; tx: bigint; at: Date };

export type DeltaOutcome =
  { kind: "delta"; rxBytes: number; txBytes: number; seconds: number } | { kind: "baseline"; reason: "first" | "gap" | "implausible" | "stale" };

function plausible(bytes: bigint, seconds: number): boolean {
  return bytes >= BigInt(0) && Number(bytes) <= MAX_PLAUSIBLE_BYTES_PER_SECOND * Math.max(seconds, 1);
}

/**
 * Bytes moved since the previous reading. A counter that went down was reset (reboot, re-login), so
 * the new value is what moved since the reset. First readings, long gaps and implausible jumps give
 * no delta at all: a missing minute is better than a spike of terabytes. `countFromZero` treats a
 * first reading as counted from zero (a session that started since the last poll).
 */
export function counterDelta(
  previous: CounterReading | undefined,
  current: CounterReading,
  options: { countFromZero?: boolean; sinceMs?: number } = {},
): DeltaOutcome {
  if (!previous) {
    if (!options.countFromZero || options.sinceMs === undefined || options.sinceMs > MAX_DELTA_GAP_MS) return { kind: "baseline", reason: "first" };
    const seconds = Math.max(options.sinceMs / 1000, 1);
    if (!plausible(current.rx, seconds) || !plausible(current.tx, seconds)) return { kind: "baseline", reason: "implausible" };
    return { kind: "delta", rxBytes: Number(current.rx), txBytes: Number(current.tx), seconds };
  }
  const elapsedMs = current.at.getTime() - previous.at.getTime();
  if (elapsedMs <= 0) return { kind: "baseline", reason: "stale" };
  if (elapsedMs > MAX_DELTA_GAP_MS) return { kind: "baseline", reason: "gap" };
  const seconds = elapsedMs / 1000;
  const rx = current.rx >= previous.rx ? current.rx - previous.rx : current.rx;
  const tx = current.tx >= previous.tx ? current.tx - previous.tx : current.tx;
  if (!plausible(rx, seconds) || !plausible(tx, seconds)) return { kind: "baseline", reason: "implausible" };
  return { kind: "delta", rxBytes: Number(rx), txBytes: Number(tx), seconds };
}

/** The start of the bucket that holds `at` (UTC). */
export function bucketStart(at: Date, resolution: TrafficResolution): Date {
  const size = resolutionMs[resolution];
  return new Date(Math.floor(at.getTime() / size) * size);
}

export type PollHealth = {
  cpuLoad: number;
  freeMemory: number;
  totalMemory: number;
  uptimeSeconds: number;
  /** From /system/health where the board reports it. */
  temperature?: number | null;
  voltage?: number | null;
  /** PPPoE sessions up at this poll. */
  pppoeSessions?: number | null;
};

export type PollOutcome =
  { reachable: false; error: string } | { reachable: true; durationMs: number; health: PollHealth | null; failedReads: string[] };

export type RouterStatusUpdate = { status: "online" | "degraded" | "offline"; lastError: string | null };

/** online, degraded (busy CPU, a failed read, slow answers) or offline, with the reason in words. */
export function routerStatusFrom(outcome: PollOutcome): RouterStatusUpdate {
  if (!outcome.reachable) return { status: "offline", lastError: outcome.error };
  const reasons: string[] = [];
  if (outcome.health && outcome.health.cpuLoad >= HIGH_CPU_PERCENT) reasons.push(`CPU load is ${outcome.health.cpuLoad}%`);
  if (outcome.failedReads.length > 0) reasons.push(`could not read ${outcome.failedReads.join(", ")}`);
  if (outcome.durationMs >= SLOW_POLL_MS) reasons.push(`answers are slow (${(outcome.durationMs / 1000).toFixed(1)} s per poll)`);
  if (reasons.length === 0) return { status: "online", lastError: null };
  const text = reasons.join("; ");
  return { status: "degraded", lastError: `${text.charAt(0).toUpperCase()}${text.slice(1)}.` };
}

const PPPOE_INTERFACE = /^<pppoe-(.+)>$/;

/** The PPPoE username of a dynamic `<pppoe-USER>` interface, or null for any other interface. */
export function pppoeUsername(interfaceName: string): string | null {
  return PPPOE_INTERFACE.exec(interfaceName)?.[1] ?? null;
}

export const pppoeInterfaceName = (username: string) => `<pppoe-${username}>`;

/** A subscription's bytes in one poll, summed over its sessions; rx = the subscriber's upload, as the router sees it. */
export type SubscriberDelta = { subscriptionId: string; rxBytes: number; txBytes: number; seconds: number };

/** Adds per-session deltas up per subscription (a hotspot user may hold several sessions). */
export function sumBySubscription(deltas: Iterable<SubscriberDelta>): SubscriberDelta[] {
  const totals = new Map<string, SubscriberDelta>();
  for (const delta of deltas) {
    const total = totals.get(delta.subscriptionId);
    if (!total) totals.set(delta.subscriptionId, { ...delta });
    else {
      total.rxBytes += delta.rxBytes;
      total.txBytes += delta.txBytes;
      total.seconds = Math.max(total.seconds, delta.seconds);
    }
  }
  return [...totals.values()];
}

/** Average bits per second over a delta, the figure kept as the bucket's peak. */
export const bitsPerSecond = (bytes: number, seconds: number) => Math.round((bytes * 8) / Math.max(seconds, 1));
