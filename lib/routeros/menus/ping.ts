/*
 * `/ping` from the router (needs the `test` policy, §1.6), always with a `count` so it ends. One row per
 * echo; the router repeats the running totals on each row, and the last row's are the summary.
 */
import type { RouterOsApi } from "../api";
import { duration, integer, key, ro, text, type RowOf } from "./fields";
import { readOnlyMenu } from "./menu";

const pingFields = {
  seq: key("seq", integer),
  host: ro("host", text),
  size: ro("size", integer),
  ttl: ro("ttl", integer),
  /** Round trip in ms; absent when the echo timed out. */
  time: ro("time", duration),
  /** `timeout`, `host unreachable`… when there was no reply. */
  status: ro("status", text),
  sent: ro("sent", integer),
  received: ro("received", integer),
  packetLoss: ro("packet-loss", integer),
  minRtt: ro("min-rtt", duration),
  avgRtt: ro("avg-rtt", duration),
  maxRtt: ro("max-rtt", duration),
};
export type PingReply = RowOf<typeof pingFields>;
const pingRows = readOnlyMenu("/ping", pingFields);

export type PingSummary = {
  sent: number;
  received: number;
  lossPercent: number;
  /** Round trips in ms; null when nothing came back. */
  minRttMs: number | null;
  avgRttMs: number | null;
  maxRttMs: number | null;
};

export type PingOptions = { address: string; count: number; size?: number };

/** Pings `address` `count` (1–10) times from the router; resolves once every echo was answered or timed out. */
export async function ping(api: RouterOsApi, { address, count, size }: PingOptions): Promise<{ replies: PingReply[]; summary: PingSummary }> {
  if (!Number.isInteger(count) || count < 1 || count > 10) throw new RangeError(`ping count must be 1 to 10, got ${count}`);
  if (size !== undefined && (!Number.isInteger(size) || size < 14 || size > 65_535))
    throw new RangeError(`ping size must be 14 to 65535, got ${size}`);
  const attributes: Record<string, string> = { address, count: String(count) };
  if (size !== undefined) attributes.size = String(size);
  // The router sends one echo per second, so the deadline grows with the count.
  const { rows } = await api.write("/ping", attributes, [], { timeoutMs: count * 1000 + 10_000 });
  const replies = rows.map(pingRows.read);
  return { replies, summary: summarise(replies) };
}

/** The last row's running totals, or the replies' own figures when the router leaves the totals out. */
function summarise(replies: PingReply[]): PingSummary {
  const rtts = replies.flatMap((reply) => (reply.time === undefined || reply.time === null ? [] : [reply.time]));
  const last = replies[replies.length - 1];
  const sent = last?.sent ?? replies.length;
  const received = last?.received ?? rtts.length;
  const average = rtts.length === 0 ? null : rtts.reduce((sum, rtt) => sum + rtt, 0) / rtts.length;
  return {
    sent,
    received,
    lossPercent: last?.packetLoss ?? (sent === 0 ? 0 : Math.round(((sent - received) * 100) / sent)),
    minRttMs: last?.minRtt ?? (rtts.length === 0 ? null : Math.min(...rtts)),
    avgRttMs: last?.avgRtt ?? average,
    maxRttMs: last?.maxRtt ?? (rtts.length === 0 ? null : Math.max(...rtts)),
  };
}
