/*
 * Live traffic as Server-Sent Events. Streams run on a dedicated connection per router, never on the
 * pooled CRUD connection (ROUTEROS.md §5.7): a monitor that sends a row every second must not delay a
 * suspension. Viewers of one router share its streaming connection (one login, tagged streams), which
 * closes a little after the last viewer leaves. A browser that goes away cancels its stream (/cancel).
 */
import "server-only";
import { setTimeout as sleep } from "node:timers/promises";
import type { RouterOsApi, RouterOsRow } from "@/lib/routeros/api";
import { createRouterOsApi } from "@/lib/routeros/transports";
import { RouterOsError } from "@/lib/routeros/errors";
import { clientOptionsFor, describeRouterFailure } from "@/lib/routers/access";
import type { Router } from "@/lib/routers/schema";
import { pppoeInterfaceName } from "./rules";
import { clock } from "@/lib/core/clock";

export type LiveTarget = { kind: "interface"; name: string } | { kind: "subscriber"; username: string };

type Shared = { client: Promise<RouterOsApi>; viewers: number; version: number; idle?: NodeJS.Timeout };
const globalForStreams = globalThis as unknown as { netsphereStreamClients?: Map<string, Shared> };
const IDLE_CLOSE_MS = 30_000;

function streamClients(): Map<string, Shared> {
  globalForStreams.netsphereStreamClients ??= new Map();
  return globalForStreams.netsphereStreamClients;
}

/** The router's streaming connection (opened if needed), and a release for when this viewer leaves. */
export async function acquireStreamClient(router: Router): Promise<{ client: RouterOsApi; release: () => void }> {
  const clients = streamClients();
  const version = router.updatedAt.getTime();
  let shared = clients.get(router.id);
  const usable = shared && shared.version === version && (await shared.client.then((c) => c.connected).catch(() => false));
  if (!shared || !usable) {
    if (shared) void shared.client.then((c) => c.close()).catch(() => undefined);
    const client = createRouterOsApi(clientOptionsFor(router));
    shared = { client: client.connect().then(() => client), viewers: 0, version };
    clients.set(router.id, shared);
  }
  const entry = shared;
  entry.viewers += 1;
  clearTimeout(entry.idle);
  const release = () => {
    entry.viewers -= 1;
    if (entry.viewers > 0) return;
    entry.idle = setTimeout(() => {
      if (entry.viewers > 0 || clients.get(router.id) !== entry) return;
      clients.delete(router.id);
      void entry.client.then((c) => c.close()).catch(() => undefined);
    }, IDLE_CLOSE_MS);
    entry.idle.unref();
  };
  try {
    return { client: await entry.client, release };
  } catch (error) {
    release();
    if (clients.get(router.id) === entry) clients.delete(router.id);
    throw error;
  }
}

export type TrafficSample = { at: number; rxBps: number; txBps: number };

const numberOf = (text: string | undefined) => (text && /^\d+$/.test(text) ? Number(text) : 0);

/** A source of one sample per second; `stop` ends it at once (a stream is cancelled on the router). */
type SampleSource = { next(): Promise<TrafficSample | null>; stop(): void };

/** `/interface/monitor-traffic` without `=once=`: the router sends a row every second until cancelled. */
function interfaceSource(client: RouterOsApi, name: string): SampleSource {
  const rows = client.stream("/interface/monitor-traffic", { interface: name });
  return {
    async next() {
      const row = await rows.next();
      return row.done ? null : { at: clock.ms(), rxBps: numberOf(row.value["rx-bits-per-second"]), txBps: numberOf(row.value["tx-bits-per-second"]) };
    },
    stop: () => void rows.return?.(),
  };
}

/** Hotspot sessions have no interface to monitor: their byte counters are read once a second instead. */
function hotspotSource(client: RouterOsApi, user: string, intervalMs: number): SampleSource {
  const stopped = new AbortController();
  let previous: { at: number; rx: number; tx: number } | null = null;
  const read = async () => {
    const { rows } = await client.write("/ip/hotspot/active/print", { ".proplist": "bytes-in,bytes-out" }, [`?user=${user}`]);
    if (rows.length === 0) throw new LiveTrafficError("not_found", `${user} is not connected right now.`);
    const sum = (key: string) => rows.reduce((total: number, row: RouterOsRow) => total + numberOf(row[key]), 0);
    return { at: clock.ms(), rx: sum("bytes-in"), tx: sum("bytes-out") };
  };
  return {
    async next() {
      while (!stopped.signal.aborted) {
        if (previous) await sleep(intervalMs, undefined, { signal: stopped.signal }).catch(() => undefined);
        if (stopped.signal.aborted) return null;
        const current = await read();
        const before = previous;
        previous = current;
        if (!before || current.at <= before.at) continue;
        const seconds = (current.at - before.at) / 1000;
        // A re-login resets the counters; that second shows 0 rather than a negative rate.
        const rate = (now: number, then: number) => Math.max(0, Math.round(((now - then) * 8) / seconds));
        return { at: current.at, rxBps: rate(current.rx, before.rx), txBps: rate(current.tx, before.tx) };
      }
      return null;
    },
    stop: () => stopped.abort(),
  };
}

export class LiveTrafficError extends Error {
  constructor(
    readonly code: "not_found" | "router_unreachable" | "router_trap",
    message: string,
  ) {
    super(message);
  }
}

/** Which live source serves a target: an interface, a subscriber's `<pppoe-USER>`, or their hotspot session. */
async function resolveSource(client: RouterOsApi, target: LiveTarget): Promise<{ label: string; kind: "interface" | "hotspot" }> {
  const name = target.kind === "interface" ? target.name : pppoeInterfaceName(target.username);
  const found = await client.write("/interface/print", { ".proplist": "name" }, [`?name=${name}`]);
  if (found.rows.length > 0) return { label: name, kind: "interface" };
  if (target.kind === "interface") throw new LiveTrafficError("not_found", `The router has no interface called ${target.name}.`);
  const hotspot = await client.write("/ip/hotspot/active/print", { ".proplist": ".id" }, [`?user=${target.username}`]).catch(() => ({ rows: [] }));
  if (hotspot.rows.length > 0) return { label: target.username, kind: "hotspot" };
  throw new LiveTrafficError("not_found", `${target.username} is not connected right now.`);
}

export type LiveStreamOptions = { heartbeatMs?: number; hotspotIntervalMs?: number; retryMs?: number };

const encoder = new TextEncoder();
const event = (name: string, data: unknown) => encoder.encode(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);

/**
 * The SSE body: `ready` (what is monitored), then `traffic` once a second ({ at, rxBps, txBps }),
 * `: keep-alive` comments, and a final `error` ({ code, message }) when the router can't be read.
 */
export function liveTrafficStream(
  router: Router,
  target: LiveTarget,
  signal: AbortSignal,
  options: LiveStreamOptions = {},
): ReadableStream<Uint8Array> {
  const stop = new AbortController();
  const onAbort = () => stop.abort();
  signal.addEventListener("abort", onAbort, { once: true });
  let heartbeat: NodeJS.Timeout | undefined;
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const send = (bytes: Uint8Array) => {
        if (!stop.signal.aborted) controller.enqueue(bytes);
      };
      send(encoder.encode(`retry: ${options.retryMs ?? 10_000}\n\n`));
      heartbeat = setInterval(() => send(encoder.encode(": keep-alive\n\n")), options.heartbeatMs ?? 15_000);
      let lease: Awaited<ReturnType<typeof acquireStreamClient>> | null = null;
      let source: SampleSource | null = null;
      const ended = new Promise<null>((resolve) => stop.signal.addEventListener("abort", () => resolve(null), { once: true }));
      try {
        lease = await acquireStreamClient(router);
        const resolved = await resolveSource(lease.client, target);
        send(event("ready", { router: router.name, source: resolved.label, kind: resolved.kind, at: clock.ms() }));
        source =
          resolved.kind === "interface"
            ? interfaceSource(lease.client, resolved.label)
            : hotspotSource(lease.client, resolved.label, options.hotspotIntervalMs ?? 1000);
        while (!stop.signal.aborted) {
          const next = source.next();
          // The loser of the race may still fail after a cancel; that failure is nobody's to report.
          next.catch(() => undefined);
          const sample = await Promise.race([next, ended]);
          if (!sample) break;
          send(event("traffic", sample));
        }
        if (!stop.signal.aborted) throw new RouterOsError("connection", "the router ended the stream");
      } catch (error) {
        if (!stop.signal.aborted) send(event("error", describeLiveFailure(error)));
      } finally {
        clearInterval(heartbeat);
        source?.stop();
        lease?.release();
        signal.removeEventListener("abort", onAbort);
        stop.abort();
        try {
          controller.close();
        } catch {
          // The reader cancelled: the stream is closed already.
        }
      }
    },
    cancel() {
      stop.abort();
      clearInterval(heartbeat);
    },
  });
}

export function describeLiveFailure(error: unknown): { code: string; message: string } {
  if (error instanceof LiveTrafficError) return { code: error.code, message: error.message };
  if (error instanceof RouterOsError) {
    const root = error.cause instanceof RouterOsError ? error.cause : error;
    return { code: root.kind === "trap" ? "router_trap" : "router_unreachable", message: describeRouterFailure(root) };
  }
  return { code: "internal", message: "Live traffic stopped unexpectedly. Try again in a moment." };
}
