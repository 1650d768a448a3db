/*
 * A RouterOS connection that counts what the reconciler does on it: commands, how many were in flight at
 * once, and each command's round trip, so a benchmark can show how well the link is pipelined.
 */
import { performance } from "node:perf_hooks";
import type { RouterOsApi } from "@/lib/routeros/api";

type Api = Pick<RouterOsApi, "write">;

export function meteredApi(api: Api) {
  let roundTrips: number[] = [];
  let inFlight = 0;
  let mostInFlight = 0;
  const metered: Api = {
    async write(...args: Parameters<Api["write"]>) {
      const started = performance.now();
      inFlight += 1;
      mostInFlight = Math.max(mostInFlight, inFlight);
      try {
        return await api.write(...args);
      } finally {
        inFlight -= 1;
        roundTrips.push(performance.now() - started);
      }
    },
  };
  return {
    api: metered,
    reset() {
      roundTrips = [];
      mostInFlight = inFlight;
    },
    /** Figures since the last reset, over `wallMs` of the run. */
    report(wallMs: number): string {
      const sorted = [...roundTrips].sort((a, b) => a - b);
      const at = (q: number) => (sorted.length === 0 ? 0 : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
      const busyMs = roundTrips.reduce((sum, ms) => sum + ms, 0);
      // Little's law: the mean number in flight is the summed round-trip time over the wall time.
      return [
        `replies ${roundTrips.length.toLocaleString()}`,
        `${Math.round((roundTrips.length / wallMs) * 1000).toLocaleString()} replies/s`,
        `in flight max ${mostInFlight}, mean ${(busyMs / wallMs).toFixed(1)}`,
        `round trip median ${at(0.5).toFixed(0)} ms, p95 ${at(0.95).toFixed(0)} ms`,
      ].join("  ");
    },
  };
}
