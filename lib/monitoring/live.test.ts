import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { encryptSecret } from "@/lib/core/crypto";
import { RouterOsClient } from "@/lib/routeros/client";
import { startSimulator, type RunningSimulator } from "@/lib/routeros/simulator/server";
import { seedDemoRouter } from "@/lib/routeros/simulator/demo-seed";
import { tick } from "@/lib/routeros/simulator/clock";
import { pooledClient, releaseRouter } from "@/lib/routers/access";
import type { Router } from "@/lib/routers/schema";
import { acquireStreamClient, liveTrafficStream, type LiveTarget } from "./live";

type SseEvent = { event: string; data: Record<string, unknown> };

let simulator: RunningSimulator;
let ticker: NodeJS.Timeout;

function routerRow(port: number, id = crypto.randomUUID()): Router {
  const now = new Date("2026-03-02T08:00:00Z");
  return {
    id,
    tenantId: crypto.randomUUID(),
    siteId: null,
    name: "Live test",
    host: "127.0.0.1",
    apiPort: port,
    useTls: false,
    transport: "api",
    restPort: 443,
    tlsFingerprint: null,
    encoding: "windows-1252",
    username: "netsphere",
    passwordEncrypted: encryptSecret("router-secret"),
    status: "online",
    lastSeenAt: null,
    lastError: null,
    latitude: null,
    longitude: null,
    reconcileFailures: 0,
    nextReconcileAt: null,
    lastReconciledAt: null,
    createdAt: now,
    updatedAt: now,
  } as Router;
}

/** Reads SSE events until `count` named events arrived (comments and `retry:` skipped), then cancels like a closing tab. */
async function readEvents(stream: ReadableStream<Uint8Array>, count: number): Promise<SseEvent[]> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const events: SseEvent[] = [];
  let buffer = "";
  while (events.length < count) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const name = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.+)$/m.exec(block)?.[1];
      if (name && data) events.push({ event: name, data: JSON.parse(data) as Record<string, unknown> });
    }
  }
  await reader.cancel();
  return events;
}

const open = (router: Router, target: LiveTarget) => liveTrafficStream(router, target, new AbortController().signal, { hotspotIntervalMs: 40 });

beforeAll(async () => {
  simulator = await startSimulator({ port: 0, username: "netsphere", password: "router-secret", streamIntervalMs: 30 });
  seedDemoRouter(simulator.state, 1);
  ticker = setInterval(() => tick(simulator.state, 1), 20);
});

afterAll(async () => {
  clearInterval(ticker);
  await simulator.stop();
});

describe("live traffic over Server-Sent Events", () => {
  it("streams an interface's rx/tx bits per second after a ready event", async () => {
    const events = await readEvents(open(routerRow(simulator.port), { kind: "interface", name: "ether1" }), 3);
    expect(events[0]).toMatchObject({ event: "ready", data: { source: "ether1", kind: "interface" } });
    expect(events.slice(1).map((e) => e.event)).toEqual(["traffic", "traffic"]);
    // ether1 carries every PPPoE session's download (rx) and upload (tx).
    expect(events[1].data).toMatchObject({ rxBps: (600_000 + 1_900_000 + 250_000 + 2_000) * 8, txBps: (40_000 + 120_000 + 15_000 + 500) * 8 });
  });

  it("follows a PPPoE subscriber through their <pppoe-USER> interface", async () => {
    const events = await readEvents(open(routerRow(simulator.port), { kind: "subscriber", username: "ACC-0001-R1" }), 2);
    expect(events[0].data).toMatchObject({ source: "<pppoe-ACC-0001-R1>" });
    expect(events[1]).toMatchObject({ event: "traffic", data: { rxBps: 320_000, txBps: 4_800_000 } });
  });

  it("follows a hotspot subscriber through their session's counters", async () => {
    const events = await readEvents(open(routerRow(simulator.port), { kind: "subscriber", username: "V1001" }), 3);
    expect(events[0].data).toMatchObject({ source: "V1001", kind: "hotspot" });
    expect(events[1].event).toBe("traffic");
    expect(events[2].data.txBps as number).toBeGreaterThan(events[2].data.rxBps as number);
  });

  it("ends with a clear error event for a subscriber who is offline", async () => {
    const events = await readEvents(open(routerRow(simulator.port), { kind: "subscriber", username: "ACC-0004-R1" }), 1);
    expect(events).toEqual([{ event: "error", data: { code: "not_found", message: "ACC-0004-R1 is not connected right now." } }]);
  });

  it("ends with a router_unreachable error event when the router is down", async () => {
    const down = await startSimulator({ port: 0, username: "netsphere", password: "router-secret" });
    const port = down.port;
    await down.stop();
    const events = await readEvents(open(routerRow(port), { kind: "interface", name: "ether1" }), 1);
    expect(events[0].event).toBe("error");
    expect(events[0].data).toMatchObject({ code: "router_unreachable", message: expect.stringMatching(/could not connect/i) });
  });

  it("cancels the monitor on the router when the browser goes away", async () => {
    const cancel = vi.spyOn(RouterOsClient.prototype as unknown as { cancel(tag: string): void }, "cancel");
    const browser = new AbortController();
    const stream = liveTrafficStream(routerRow(simulator.port), { kind: "interface", name: "ether2" }, browser.signal);
    const reader = stream.getReader();
    await reader.read(); // retry:
    await reader.read(); // ready
    await reader.read(); // first traffic row
    browser.abort();
    await vi.waitFor(() => expect(cancel).toHaveBeenCalled());
    cancel.mockRestore();
  });

  it("uses one dedicated streaming connection per router, separate from the pooled one", async () => {
    const router = routerRow(simulator.port);
    const first = await acquireStreamClient(router);
    const second = await acquireStreamClient(router);
    expect(second.client).toBe(first.client);
    expect(await pooledClient(router)).not.toBe(first.client);
    first.release();
    second.release();
    await releaseRouter(router.id);
  });
});
