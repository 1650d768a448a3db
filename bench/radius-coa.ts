/*
 * CoA round trip: how long NetSphere's `sendToNas` (lib/radius/coa.ts) waits for a NAS's CoA-ACK, on loopback, against
 * the simulator's `/radius/incoming` (which verifies the request as RouterOS does and changes the live session's queue).
 *
 *   npm run bench:radius-coa      (BENCH_COA_REQUESTS, default 2,000, one after another; goal p95 < 100 ms)
 *
 * A tiny RADIUS server on 127.0.0.1 accepts the subscriber's login so the simulated router has a RADIUS session; then
 * CoA-Requests alternate its rate limit and each answer is timed. Nothing leaves 127.0.0.1.
 */
import { createSocket } from "node:dgram";
import { performance } from "node:perf_hooks";
import os from "node:os";
import { startSimulator } from "@/lib/routeros/simulator/server";
import { RouterOsClient } from "@/lib/routeros/client";
import { radiusPackets } from "@/lib/routeros/radius-dictionary";
import { encryptForRadius } from "@/lib/radius/crypto";
import { sendToNas } from "@/lib/radius/coa";

const REQUESTS = Number(process.env.BENCH_COA_REQUESTS ?? 2000);
const SECRET = "bench-coa-secret";

async function acceptingServer() {
  const radius = radiusPackets();
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const sessions = new Map<string, string>();
  socket.on("message", (message, remote) => {
    const packet = radius.decode({ packet: message, secret: SECRET });
    // The session as accounting names it (what NetSphere reads from radacct).
    if (packet.code === "Accounting-Request" && packet.attributes["Acct-Status-Type"] === "Start")
      sessions.set(String(packet.attributes["User-Name"]), String(packet.attributes["Acct-Session-Id"]));
    const code = packet.code === "Access-Request" ? "Access-Accept" : packet.code === "Accounting-Request" ? "Accounting-Response" : null;
    if (!code) return;
    const attributes = code === "Access-Accept" ? [["Vendor-Specific", 14988, [["Mikrotik-Rate-Limit", "10M/20M"]]]] : [];
    socket.send(radius.encode_response({ packet, code, secret: SECRET, attributes: attributes as never }), remote.port, remote.address);
  });
  return { port: socket.address().port, sessions, close: () => socket.close() };
}

const server = await acceptingServer();
const sim = await startSimulator({ username: "bench", password: "bench", radiusIncomingPort: 0, router: { identity: "nas-bench" } });
const api = new RouterOsClient({ host: "127.0.0.1", port: sim.port, username: "bench", password: "bench" });
await api.connect();
await api.write("/radius/add", {
  service: "ppp",
  address: "127.0.0.1",
  secret: SECRET,
  "authentication-port": String(server.port),
  "accounting-port": String(server.port),
  "require-message-auth": "yes-for-request-resp",
});
await api.write("/ppp/aaa/set", { "use-radius": "yes", accounting: "yes", "interim-update": "5m" });
await api.write("/radius/incoming/set", { accept: "yes" });
const dialled = await sim.dialPppoe("juan", { password: "pw" });
if (!dialled.ok) throw new Error(`the subscriber could not log in: ${JSON.stringify(dialled)}`);
for (let wait = 0; !server.sessions.has("juan") && wait < 50; wait += 1) await new Promise((resolve) => setTimeout(resolve, 100));
const acctSessionId = server.sessions.get("juan");
if (!acctSessionId) throw new Error("no accounting Start arrived for the subscriber");

const nas = { nasname: "127.0.0.1", coaPort: sim.radiusIncomingPort!, secret: encryptForRadius(SECRET), requireMessageAuth: true };
const times: number[] = [];
let nak = 0;
for (let i = 0; i < REQUESTS; i += 1) {
  const started = performance.now();
  const answer = await sendToNas(nas, "CoA-Request", [
    ["User-Name", "juan"],
    ["Acct-Session-Id", acctSessionId],
    ["Vendor-Specific", 14988, [["Mikrotik-Rate-Limit", i % 2 ? "10M/20M" : "20M/40M"]]],
  ]);
  times.push(performance.now() - started);
  if (!answer.acked) nak += 1;
}
times.sort((a, b) => a - b);
const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(2);
console.log(
  `CoA round trip, ${REQUESTS} requests one after another: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms (goal p95 < 100 ms); ${nak} not acknowledged`,
);
const [after] = (await api.write("/queue/simple/print", {}, ["?name=<pppoe-juan>"])).rows;
console.log(`the live session's queue after the last CoA: ${after?.["max-limit"] ?? "none"}`);
console.log(
  `machine: ${os.cpus().length} × ${os.cpus()[0]?.model.split(" ").slice(0, 2).join(" ")}, Node ${process.version}, load average ${os.loadavg()[0].toFixed(1)}`,
);
await api.close();
await sim.stop();
server.close();
