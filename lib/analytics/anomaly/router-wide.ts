/*
 * Disconnects that are the router's, not the subscriber's. When a router reboots over and over (a failing power
 * supply) or its uplink flaps, every subscriber on it reconnects in the same hours: judged one by one, each would be a
 * "disconnects" anomaly, and the ISP would get hundreds for one fault. An hour in which most of a router's judged
 * subscribers are flagged is the router's: its sessions series and the mass-disconnect rules report it once. A
 * subscriber's anomaly whose every hour is such an hour is dropped; one that goes on past them (a CPE that keeps
 * flapping after the router is fixed) stays. Pure.
 */
import type { DetectedAnomaly } from "./detector";

/** At least this many of a router's subscribers flagged in an hour, and at least this share of those judged. */
export const ROUTER_WIDE_MIN_SUBSCRIBERS = 5;
export const ROUTER_WIDE_SHARE = 0.5;

export type JudgedSeries = { routerId: string; found: DetectedAnomaly[] };

/** The hours (their start, ms) an anomaly covers, from its first flagged sample to its last. */
function hoursOf(anomaly: DetectedAnomaly, stepMs: number): number[] {
  const hours: number[] = [];
  for (let t = anomaly.start; t <= anomaly.end; t += stepMs) hours.push(t);
  return hours;
}

/**
 * Drops, in place, the anomalies that are a router's hours (see above); returns how many were dropped. `judged` is
 * every series judged this run, with or without anomalies, so a router's share counts all its subscribers judged.
 */
export function dropRouterWideDisconnects(judged: Iterable<JudgedSeries>, stepMs: number): number {
  const series = [...judged];
  const judgedPerRouter = new Map<string, number>();
  const flaggedPerHour = new Map<string, number>();
  for (const s of series) {
    judgedPerRouter.set(s.routerId, (judgedPerRouter.get(s.routerId) ?? 0) + 1);
    const hours = new Set(s.found.flatMap((a) => hoursOf(a, stepMs)));
    for (const hour of hours) flaggedPerHour.set(`${s.routerId}|${hour}`, (flaggedPerHour.get(`${s.routerId}|${hour}`) ?? 0) + 1);
  }
  const routerWide = (routerId: string, hour: number) => {
    const flagged = flaggedPerHour.get(`${routerId}|${hour}`) ?? 0;
    return flagged >= ROUTER_WIDE_MIN_SUBSCRIBERS && flagged >= ROUTER_WIDE_SHARE * (judgedPerRouter.get(routerId) ?? 0);
  };
  let dropped = 0;
  for (const s of series) {
    const kept = s.found.filter((a) => !hoursOf(a, stepMs).every((hour) => routerWide(s.routerId, hour)));
    dropped += s.found.length - kept.length;
    s.found.splice(0, s.found.length, ...kept);
  }
  return dropped;
}
