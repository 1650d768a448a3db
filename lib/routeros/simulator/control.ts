/*
 * A control endpoint for end-to-end tests that run the app as a separate process (whose demo routers are simulated
 * inside it): take a router down and back, a port's link down and up, and pin its health readings. Off unless
 * SIMULATOR_CONTROL_PORT (or `controlPort`) is set, and it only ever binds 127.0.0.1.
 *
 *   POST /routers/<n>/down                   the router goes off (n counts from 1, in the demo's order)
 *   POST /routers/<n>/up                     back on, configuration intact ({"reboot":true} restarts uptime)
 *   POST /routers/<n>/interfaces/<name>/down  the port loses its link
 *   POST /routers/<n>/interfaces/<name>/up
 *   POST /routers/<n>/health                 {"temperature":82,"voltage":23.1,"cpu":95,"memory":90}; null unpins
 *   POST /routers/<n>/dhcp                   {"macAddress":"50:C7:BF:12:34:56","address":"203.0.113.7"}: a device asks for
 *                                            an address (bound to its static lease when there is one)
 *   POST /routers/<n>/radius/cpes            {"name":"alice","password":"pw"}: a subscriber only the RADIUS server knows; its
 *                                            CPE dials in by itself (demo routers auto-dial)
 *   POST /routers/<n>/radius/dial            {"name":"alice","password":"pw"}: that CPE dials now; answers how the login
 *                                            ended ({"ok":true} or {"ok":false,"reason":…}) once the RADIUS server has answered
 *   GET  /routers                            the routers, their ports (API, /radius/incoming) and whether they are down
 *
 * Requests must come from loopback, name 127.0.0.1 or localhost as the host (no DNS rebinding) and, for POST, send
 * `Content-Type: application/json` (a web page cannot send that cross-origin without a preflight, which is refused).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { requestLease } from "./dhcp";
import type { RunningSimulator } from "./server";

export type ControlledRouter = Pick<
  RunningSimulator,
  | "state"
  | "port"
  | "goDown"
  | "comeBack"
  | "isDown"
  | "setInterfaceLink"
  | "setHealth"
  | "setCpuLoad"
  | "setMemoryUsage"
  | "radiusIncomingPort"
  | "addRadiusCpe"
  | "dialPppoe"
>;

export type ControlServer = { port: number; stop: () => Promise<void> };

const MAX_BODY_BYTES = 4096;

/** SIMULATOR_CONTROL_PORT as a port number, or undefined when it is unset or empty (the endpoint stays off). */
export function controlPortFromEnv(source: Record<string, string | undefined> = process.env): number | undefined {
  const text = source.SIMULATOR_CONTROL_PORT?.trim();
  if (!text) return undefined;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 1024 || port > 65_535)
    throw new Error(`SIMULATOR_CONTROL_PORT must be a port from 1024 to 65535, got "${text}"`);
  return port;
}

type Answer = { status: number; body: unknown };

const answer = (status: number, body: unknown): Answer => ({ status, body });

class RequestProblem extends Error {
  constructor(readonly answer: Answer) {
    super(String(answer.status));
  }
}

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new RequestProblem(answer(413, { error: "body too large" }));
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString("utf8").trim();
  if (!text) return {};
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
  } catch {
    // Answered below.
  }
  throw new RequestProblem(answer(400, { error: "the body must be a JSON object" }));
}

/** A number, null (unpin) or absent; anything else is refused. */
function reading(body: Record<string, unknown>, key: string, min: number, max: number): number | null | undefined {
  const value = body[key];
  if (value === undefined || value === null) return value;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw new RequestProblem(answer(400, { error: `${key} must be a number from ${min} to ${max}, or null` }));
  }
  return value;
}

function describe(routers: readonly ControlledRouter[]) {
  return routers.map((router, index) => ({
    router: index + 1,
    identity: router.state.identity,
    port: router.port,
    radiusIncomingPort: router.radiusIncomingPort ?? null,
    down: router.isDown(),
    interfaces: Object.fromEntries(
      (router.state.tables.get("interface") ?? [])
        .filter((row) => row.props.dynamic !== "true")
        .map((row) => [row.props.name, row.props.running === "true" ? "up" : "down"]),
    ),
  }));
}

async function route(routers: readonly ControlledRouter[], request: IncomingMessage): Promise<Answer> {
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  const parts = url.pathname.split("/").filter(Boolean).map(decodeURIComponent);
  if (request.method === "GET" && parts.length === 1 && parts[0] === "routers") return answer(200, describe(routers));
  if (parts[0] !== "routers" || parts.length < 3) return answer(404, { error: "not found" });
  if (request.method !== "POST") return answer(405, { error: "use POST" });
  if (!(request.headers["content-type"] ?? "").toLowerCase().startsWith("application/json")) {
    return answer(415, { error: "send Content-Type: application/json" });
  }
  const number = Number(parts[1]);
  const router = Number.isInteger(number) ? routers[number - 1] : undefined;
  if (!router) return answer(404, { error: `no router ${parts[1]} (there are ${routers.length})` });
  const body = await readJson(request);
  const action = parts.slice(2).join("/");
  if (action === "down") {
    await router.goDown();
  } else if (action === "up") {
    await router.comeBack({ reboot: body.reboot === true });
  } else if (parts[2] === "interfaces" && parts.length === 5 && (parts[4] === "up" || parts[4] === "down")) {
    try {
      router.setInterfaceLink(parts[3], parts[4] === "up");
    } catch (error) {
      return answer(404, { error: error instanceof Error ? error.message : "no such port" });
    }
  } else if (action === "health") {
    const temperature = reading(body, "temperature", -40, 150);
    const cpuTemperature = reading(body, "cpuTemperature", -40, 150);
    const voltage = reading(body, "voltage", 0, 100);
    const cpu = reading(body, "cpu", 0, 100);
    const memory = reading(body, "memory", 0, 100);
    router.setHealth({ temperature, cpuTemperature, voltage });
    if (cpu !== undefined) router.setCpuLoad(cpu);
    if (memory !== undefined) router.setMemoryUsage(memory);
  } else if (action === "dhcp") {
    const { macAddress, address, hostName } = body;
    if (typeof macAddress !== "string" || !/^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$/.test(macAddress)) {
      return answer(400, { error: "macAddress must be a MAC address like 50:C7:BF:12:34:56" });
    }
    if (typeof address !== "string" || !/^\d{1,3}(\.\d{1,3}){3}$/.test(address)) return answer(400, { error: "address must be an IPv4 address" });
    requestLease(router.state, { macAddress, address, hostName: typeof hostName === "string" ? hostName : "" });
  } else if (action === "radius/cpes" || action === "radius/dial") {
    const { name, password } = body;
    if (typeof name !== "string" || !/^[\x21-\x7e]{1,64}$/.test(name)) return answer(400, { error: "name must be 1–64 printable characters" });
    if (typeof password !== "string" || password.length > 128) return answer(400, { error: "password must be a string of at most 128 characters" });
    if (action === "radius/dial") return answer(200, await router.dialPppoe(name, { password }));
    router.addRadiusCpe(name, password);
  } else {
    return answer(404, { error: "not found" });
  }
  return answer(200, describe(routers)[number - 1]);
}

const loopbackHosts = new Set(["127.0.0.1", "localhost"]);

function fromLoopback(request: IncomingMessage): boolean {
  const remote = request.socket.remoteAddress ?? "";
  const host = (request.headers.host ?? "").replace(/:\d+$/, "").toLowerCase();
  return (remote === "127.0.0.1" || remote === "::ffff:127.0.0.1") && loopbackHosts.has(host);
}

function send(response: ServerResponse, { status, body }: Answer): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text), "Cache-Control": "no-store" });
  response.end(text);
}

/** Starts the control endpoint on 127.0.0.1:`port` (0 = a random port) for `routers`. */
export function startControlServer(routers: readonly ControlledRouter[], port: number): Promise<ControlServer> {
  const server: Server = createServer((request, response) => {
    if (!fromLoopback(request)) {
      request.resume();
      return send(response, answer(403, { error: "loopback only" }));
    }
    route(routers, request).then(
      (result) => send(response, result),
      (error: unknown) => {
        request.resume();
        send(response, error instanceof RequestProblem ? error.answer : answer(500, { error: error instanceof Error ? error.message : "failed" }));
      },
    );
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    // Never anything but loopback: whoever reaches this can take the demo's routers down.
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      const bound = typeof address === "object" && address !== null ? address.port : port;
      resolve({
        port: bound,
        stop: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
