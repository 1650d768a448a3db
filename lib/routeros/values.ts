/*
 * Typed readers for RouterOS values (ROUTEROS.md §3). Everything on the wire is a string and stays one
 * until the caller picks a reader here: numeric-looking names and vouchers (`08123456789`) must never
 * be coerced, so nothing in this module runs implicitly. Readers throw RangeError on input they don't
 * recognise rather than guessing.
 */

function invalid(kind: string, text: string): RangeError {
  return new RangeError(`not a RouterOS ${kind}: ${JSON.stringify(text)}`);
}

const DURATION_UNIT_MS: Record<string, number> = {
  w: 7 * 24 * 3_600_000,
  d: 24 * 3_600_000,
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
  us: 0.001,
  ns: 0.000001,
};
// Units appear largest first and zero parts are left out (`1w23h7m5s`), so every part is optional.
const UNIT_DURATION = /^(?:(\d+)w)?(?:(\d+)d)?(?:(\d+)h)?(?:(\d+)m(?!s))?(?:(\d+)s)?(?:(\d+)ms)?(?:(\d+)us)?(?:(\d+)ns)?$/;
// Clock form accepted on input and printed by very old API versions, optionally after weeks/days: `1d02:03:04.5`.
const CLOCK_DURATION = /^(?:(\d+)w)?(?:(\d+)d)?(\d+):(\d{2}):(\d{2})(?:\.(\d+))?$/;

/** Milliseconds (sub-millisecond units give fractions), or null for `none`. A bare number counts as seconds, as the router reads it. */
export function parseDuration(text: string): number | null {
  if (text === "none") return null;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const units = UNIT_DURATION.exec(text);
  if (units && text !== "") {
    const [, w, d, h, m, s, ms, us, ns] = units;
    const parts: Array<[string | undefined, string]> = [
      [w, "w"],
      [d, "d"],
      [h, "h"],
      [m, "m"],
      [s, "s"],
      [ms, "ms"],
      [us, "us"],
      [ns, "ns"],
    ];
    return parts.reduce((total, [value, unit]) => total + (value === undefined ? 0 : Number(value) * DURATION_UNIT_MS[unit]), 0);
  }
  const clock = CLOCK_DURATION.exec(text);
  if (clock) {
    const [, w, d, h, m, s, fraction] = clock;
    return (
      Number(w ?? 0) * DURATION_UNIT_MS.w +
      Number(d ?? 0) * DURATION_UNIT_MS.d +
      Number(h) * DURATION_UNIT_MS.h +
      Number(m) * DURATION_UNIT_MS.m +
      Number(`${s}.${fraction ?? "0"}`) * 1000
    );
  }
  throw invalid("duration", text);
}

/** The router's own style: `1w2d3h4m5s`, zero parts left out, `0s` for zero, `1s500ms`/`453us` below a second; null → `none`. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "none";
  if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`duration out of range: ${ms}`);
  let rest = Math.round(ms * 1000); // whole microseconds, so float noise can't leave a "0us" tail
  let text = "";
  for (const [unit, size] of [
    ["w", 604_800_000_000],
    ["d", 86_400_000_000],
    ["h", 3_600_000_000],
    ["m", 60_000_000],
    ["s", 1_000_000],
    ["ms", 1000],
    ["us", 1],
  ] as const) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) text += `${count}${unit}`;
  }
  return text === "" ? "0s" : text;
}

const RATE_MULTIPLIER: Record<string, number> = { "": 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9 };

/** Bits per second from `10M`, `512k`, `1G`, `1.5M` or plain `300000000` (decimal multipliers, as the router uses). */
export function parseRate(text: string): number {
  const match = /^(\d+(?:\.\d+)?)([kKMG]?)$/.exec(text);
  if (!match) throw invalid("rate", text);
  return Math.round(Number(match[1]) * RATE_MULTIPLIER[match[2]]);
}

/**
 * An `a/b` limit pair such as queue `max-limit` or the first field of a PPP/hotspot `rate-limit`.
 * Both are written from the router's side: the FIRST value is the client's **upload** (router rx /
 * queue target-upload), the SECOND the client's **download** (ROUTEROS.md §4). `512k/1M` is 512 kbit/s
 * up and 1 Mbit/s down. A single value applies to both directions.
 */
export function parseRatePair(text: string): { upload: number; download: number } {
  const [upload, download, extra] = text.split("/");
  if (extra !== undefined) throw invalid("rate pair", text);
  const uploadRate = parseRate(upload);
  return { upload: uploadRate, download: download === undefined ? uploadRate : parseRate(download) };
}

/** `true`/`false` flags and `yes`/`no` enums (§3); anything else (e.g. `only-one=default`) is the caller's to handle. */
export function parseBool(text: string): boolean {
  if (text === "true" || text === "yes") return true;
  if (text === "false" || text === "no") return false;
  throw invalid("boolean", text);
}

/** 64-bit byte/packet counters as bigint, so they never lose precision. */
export function parseCounter(text: string): bigint {
  if (!/^\d+$/.test(text)) throw invalid("counter", text);
  return BigInt(text);
}

/** An internal item id: `*` + upper-case hex. Opaque: compare as strings, never convert. */
export function isRouterId(text: string): boolean {
  return /^\*[0-9A-F]+$/.test(text);
}

/** Calendar fields in the router's local time zone, which the API doesn't tell us. */
export type RouterDateTime = { year: number; month: number; day: number; hour: number; minute: number; second: number };

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

/**
 * Both date styles (§3, §7): `2023-07-14 19:24:07` (7.10+) and `jul/14/2023 19:13:29` / `Dec/04/2020 14:19:51`
 * (older, month case varies). The time part may be missing. Returns local calendar fields (month 1–12);
 * use `routerDateToDate` once the router's UTC offset is known.
 */
export function parseRouterDate(text: string): RouterDateTime {
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?: (\d{2}):(\d{2}):(\d{2}))?$/.exec(text);
  const legacy = /^([a-z]{3})\/(\d{2})\/(\d{4})(?: (\d{2}):(\d{2}):(\d{2}))?$/i.exec(text);
  let fields: number[];
  if (iso) {
    fields = iso.slice(1).map((part) => Number(part ?? 0));
  } else if (legacy) {
    const month = MONTHS.indexOf(legacy[1].toLowerCase()) + 1;
    if (month === 0) throw invalid("date", text);
    fields = [legacy[3], String(month), legacy[2], ...legacy.slice(4)].map((part) => Number(part ?? 0));
  } else {
    throw invalid("date", text);
  }
  const [year, month, day, hour, minute, second] = fields;
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) throw invalid("date", text);
  return { year, month, day, hour, minute, second };
}

/** The instant a router-local date stands for, given the router's offset from UTC in minutes (e.g. +420 for UTC+7). */
export function routerDateToDate(date: RouterDateTime, utcOffsetMinutes: number): Date {
  const utc = Date.UTC(date.year, date.month - 1, date.day, date.hour, date.minute, date.second);
  return new Date(utc - utcOffsetMinutes * 60_000);
}

export type RouterOsVersion = { major: number; minor: number; patch: number; prerelease?: string; channel?: string };

/** `7.16.1 (stable)`, `6.49.10 (long-term)`, `7.18`, `7.19rc2 (testing)`; a missing patch is 0. */
export function parseVersion(text: string): RouterOsVersion {
  const match = /^(\d+)\.(\d+)(?:\.(\d+))?((?:alpha|beta|rc)\d+)?(?:\s+\(([\w-]+)\))?$/.exec(text.trim());
  if (!match) throw invalid("version", text);
  const [, major, minor, patch, prerelease, channel] = match;
  const version: RouterOsVersion = { major: Number(major), minor: Number(minor), patch: Number(patch ?? 0) };
  if (prerelease !== undefined) version.prerelease = prerelease;
  if (channel !== undefined) version.channel = channel;
  return version;
}

/** True when `version` is at least major.minor.patch (prereleases count as their release: enough for feature gates like 7.18's `!empty`). */
export function versionAtLeast(version: RouterOsVersion, major: number, minor: number, patch = 0): boolean {
  if (version.major !== major) return version.major > major;
  if (version.minor !== minor) return version.minor > minor;
  return version.patch >= patch;
}
