/*
 * Starts a simulated router on 127.0.0.1: the binary API over TCP, optionally api-ssl over TLS and the
 * REST facade over HTTPS (both with the fixture certificate), all driving one in-memory router. The
 * `/ip/service` rows decide who may connect (disabled, `address`, `max-sessions`).
 */
import fs from "node:fs";
import https from "node:https";
import { createServer, type Server, type Socket } from "node:net";
import tls from "node:tls";
import { SimulatorConnection, type ConnectionContext } from "./api-connection";
import { SIMULATOR_CERTIFICATE, SIMULATOR_CERTIFICATE_FINGERPRINT, SIMULATOR_PRIVATE_KEY } from "./certificate";
import { tick } from "./clock";
import { defaultFaults, type SimulatorFaults } from "./faults";
import { seedScaleFixture, type ScaleFixture } from "./fixtures";
import { MetricsRecorder, type SimulatorMetrics } from "./metrics";
import { setCpuLoad, setHealth, setMemoryUsage, type HealthSettings } from "./health";
import { powerOff, powerOn } from "./outage";
import { createRestHandler } from "./rest-facade";
import { compareVersions, createRouterState, seededRandom, type RouterOptions, type RouterState } from "./router-state";
import { admitConnection, configureService, type ServiceName } from "./services";
import { setInterfaceLink } from "./topology";
import { TranscriptRecorder } from "./transcript";
import { cpeAddress, cpeMacAddress } from "./cpes";
import type { ConnectResult } from "./ppp-sessions";
import { addRadiusCpe, dialPppoe } from "./radius-auth";
import { loginHotspot, type HotspotLoginOptions } from "./radius-hotspot";
import type { HotspotLoginResult } from "./hotspot";
import { RadiusUdpClient, startRadiusIncoming, type RadiusIncoming } from "./radius-client";

export type { SimulatorFaults } from "./faults";
export { legacyLoginResponse } from "./login";

export type SimulatorOptions = {
  /** Binary API (TCP) port; 0 or absent = random. */
  port?: number;
  host?: string;
  username: string;
  password: string;
  version?: string;
  router?: Omit<RouterOptions, "version">;
  faults?: Partial<SimulatorFaults>;
  /** Time between rows of streaming commands (the router's is one second). */
  streamIntervalMs?: number;
  /** How commands sent before login are answered; the real router's behaviour is unverified (checklist 3). */
  beforeLogin?: "trap" | "fatal";
  /** Longest word a connection accepts (default 1 MiB); a longer one gets `!fatal` and the connection is closed. */
  maxWordBytes?: number;
  /** The api and api-ssl services' `max-sessions` (default 20); further connections are closed at once (real behaviour unverified). */
  maxSessions?: number;
  /** api-ssl listener (TLS, fixture certificate); 0 = random port, absent = none. */
  tlsPort?: number;
  /** REST facade (HTTPS, RouterOS 7.1+ only); 0 = random port, absent = none. */
  restPort?: number;
  /** How long a REST command may run before `400 Session closed`; the router's is 60 s. */
  restTimeoutMs?: number;
  /** Seed for every random choice (jitter, shuffles, login challenges, ping times); default 1. */
  seed?: number;
  /** Record every API sentence for `transcript()` (checklist 29). */
  record?: boolean;
  /** Tables to pre-seed for benchmarks (checklist 28). */
  fixture?: ScaleFixture;
  /** The `/radius/incoming` listener (CoA, Disconnect) on 127.0.0.1; 0 = random port, absent = none. */
  radiusIncomingPort?: number;
};

export type RunningSimulator = {
  port: number;
  /** The api-ssl port, when `tlsPort` was given. */
  tlsPort: number | undefined;
  /** The REST (HTTPS) port, when `restPort` was given. */
  restPort: number | undefined;
  /** The `/radius/incoming` UDP port on 127.0.0.1, when `radiusIncomingPort` was given. */
  radiusIncomingPort: number | undefined;
  /**
   * A subscriber's CPE dials in now: the local secret, else RADIUS (`/ppp/aaa use-radius=yes`), whose answer the
   * promise waits for. The caller-id defaults to the CPE's MAC and the address to the one auto-dial would take.
   */
  dialPppoe: (name: string, options: { password: string; callerId?: string; address?: string }) => Promise<ConnectResult>;
  /** A hotspot host logs in: a local user, else RADIUS when the hotspot server profile has `use-radius=yes`. */
  loginHotspot: (name: string, options: HotspotLoginOptions) => Promise<HotspotLoginResult>;
  /** A subscriber only the RADIUS server knows; with `router.autoDial` its CPE dials by itself. */
  addRadiusCpe: (name: string, password: string) => void;
  /** What the router would log about RADIUS (rejects, timeouts, dropped packets). */
  radiusLog: () => string[];
  /** SHA-256 of the certificate the TLS listener and REST facade present. */
  certificateFingerprint: string;
  /** The fixture certificate (PEM), to trust it as a CA instead of pinning. */
  certificate: string;
  state: RouterState;
  faults: SimulatorFaults;
  setFaults: (changes: Partial<SimulatorFaults>) => void;
  /** Moves the virtual clock: counters, uptimes, timeouts, redials and auto-dialling CPEs. */
  advance: (seconds: number) => void;
  metrics: () => SimulatorMetrics;
  resetMetrics: () => void;
  /** The recorded sentences in the `<<<`/`>>>` format (empty unless `record` is on). */
  transcript: () => string;
  /**
   * The router goes off: every open connection is closed and the listeners stop, so a new connection is refused at
   * once (ECONNREFUSED); sessions drop and neighbours lose it (outage.ts).
   */
  goDown: () => Promise<void>;
  /** Listens again on the same ports with the configuration intact; `reboot` restarts `uptime` and the counters. */
  comeBack: (options?: { reboot?: boolean }) => Promise<void>;
  isDown: () => boolean;
  /** A port's link down or up (topology.ts). */
  setInterfaceLink: (name: string, up: boolean) => void;
  /** Pins `/system/health` values (health.ts); null lets one drift again. */
  setHealth: (settings: HealthSettings) => void;
  setCpuLoad: (percent: number | null) => void;
  setMemoryUsage: (percent: number | null) => void;
  stop: () => Promise<void>;
};

function listen(server: Server, port: number | undefined, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port ?? 0, host, () => {
      const address = server.address();
      resolve(typeof address === "object" && address !== null ? address.port : 0);
    });
  });
}

/** Whether this process runs in a named network namespace (`ip netns add`), as `ip netns identify` tells. */
function inOwnNetworkNamespace(): boolean {
  try {
    const own = fs.statSync("/proc/self/ns/net");
    return fs.readdirSync("/var/run/netns").some((name) => {
      const named = fs.statSync(`/var/run/netns/${name}`);
      return named.ino === own.ino && named.dev === own.dev;
    });
  } catch {
    return false;
  }
}

export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const host = options.host ?? "127.0.0.1";
  // Only loopback: the simulator has well-known demo passwords. A test's own network namespace (a simulated site
  // behind a WireGuard tunnel) is the one exception: nothing outside the namespaces the test made can reach it.
  if (host !== "127.0.0.1" && host !== "localhost" && host !== "::1" && !inOwnNetworkNamespace())
    throw new Error(`the simulator binds to loopback only, not ${host}`);
  const version = options.version ?? "7.19.2";
  if (options.restPort !== undefined && compareVersions(version, "7.1") < 0) throw new Error(`RouterOS ${version} has no REST API (7.1+)`);
  const seed = options.seed ?? 1;
  const state = createRouterState({ seed, ...options.router, version });
  if (options.fixture) seedScaleFixture(state, options.fixture);
  const faults: SimulatorFaults = { ...defaultFaults(), ...options.faults };
  const radiusClient = new RadiusUdpClient(state);
  state.radius.transport = radiusClient;
  let radiusIncoming: RadiusIncoming | undefined;
  const metrics = new MetricsRecorder();
  const recorder = options.record ? new TranscriptRecorder() : undefined;
  const maxSessions = String(options.maxSessions ?? 20);
  const sockets = new Set<Socket>();
  const connections = new Set<SimulatorConnection>();
  const open: Record<ServiceName, number> = { api: 0, "api-ssl": 0, "www-ssl": 0 };
  let connectionCount = 0;

  /** The service's gate: refused sockets are closed before a byte is read. */
  const admit = (service: ServiceName, socket: Socket): boolean => {
    const admission = admitConnection(state, service, socket.remoteAddress ?? "", open[service]);
    metrics.connection(admission.ok);
    if (!admission.ok || state.down) {
      socket.destroy();
      return false;
    }
    sockets.add(socket);
    open[service] += 1;
    socket.on("close", () => {
      sockets.delete(socket);
      open[service] -= 1;
    });
    return true;
  };

  const accept = (service: ServiceName) => (socket: Socket) => {
    if (!admit(service, socket)) return;
    connectionCount += 1;
    const context: ConnectionContext = {
      login: { username: options.username, password: options.password, refuse: () => faults.refuseLogins },
      state,
      faults,
      metrics,
      streamIntervalMs: options.streamIntervalMs,
      beforeLogin: options.beforeLogin ?? "trap",
      maxWordBytes: options.maxWordBytes ?? 1024 * 1024,
      transcript: recorder?.open(),
      random: seededRandom(seed + connectionCount),
    };
    const connection = new SimulatorConnection(socket, context);
    connections.add(connection);
    socket.on("close", () => connections.delete(connection));
  };

  const servers: Server[] = [];
  const boundPorts = new Map<Server, number>();
  const start = async (server: Server, port: number | undefined) => {
    servers.push(server);
    const bound = await listen(server, port, host);
    boundPorts.set(server, bound);
    return bound;
  };
  let transition: Promise<void> = Promise.resolve();
  const goDown = () =>
    (transition = transition.then(async () => {
      if (state.down) return;
      powerOff(state);
      await closeAll(servers, connections, sockets);
    }));
  const comeBack = (comeBackOptions: { reboot?: boolean } = {}) =>
    (transition = transition.then(async () => {
      if (!state.down) return;
      for (const server of servers) if (!server.listening) await listen(server, boundPorts.get(server), host);
      powerOn(state, comeBackOptions);
    }));
  try {
    const port = await start(createServer(accept("api")), options.port);
    configureService(state, "api", { port: String(port), "max-sessions": maxSessions });
    let tlsPort: number | undefined;
    if (options.tlsPort !== undefined) {
      const secure = tls.createServer({ key: SIMULATOR_PRIVATE_KEY, cert: SIMULATOR_CERTIFICATE }, accept("api-ssl"));
      // Refuse at the TCP level, before the handshake, like the plain listener.
      secure.on("connection", (socket: Socket) => {
        if (!state.down && admitConnection(state, "api-ssl", socket.remoteAddress ?? "", open["api-ssl"]).ok) return;
        metrics.connection(false);
        socket.destroy();
      });
      secure.on("tlsClientError", (_error, socket) => socket.destroy());
      tlsPort = await start(secure, options.tlsPort);
      configureService(state, "api-ssl", { port: String(tlsPort), "max-sessions": maxSessions, certificate: "simulator" });
    }
    let restPort: number | undefined;
    if (options.restPort !== undefined) {
      const handler = createRestHandler({
        state,
        faults,
        metrics,
        username: options.username,
        password: options.password,
        timeoutMs: options.restTimeoutMs ?? 60_000,
        random: seededRandom(seed),
      });
      const web = https.createServer({ key: SIMULATOR_PRIVATE_KEY, cert: SIMULATOR_CERTIFICATE, keepAliveTimeout: 5000 }, handler);
      web.on("connection", (socket: Socket) => void admit("www-ssl", socket));
      web.on("tlsClientError", (_error, socket) => socket.destroy());
      restPort = await start(web, options.restPort);
      configureService(state, "www-ssl", { port: String(restPort), disabled: "false", certificate: "simulator" });
    }
    if (options.radiusIncomingPort !== undefined) radiusIncoming = await startRadiusIncoming(state, options.radiusIncomingPort);
    const stopRadius = () => Promise.all([radiusClient.close(), radiusIncoming?.close()]);
    return {
      port,
      tlsPort,
      restPort,
      radiusIncomingPort: radiusIncoming?.port,
      dialPppoe: async (name, dial) =>
        dialPppoe(state, name, {
          callerId: dial.callerId ?? cpeMacAddress(name),
          address: dial.address ?? cpeAddress(state, name),
          password: dial.password,
        }),
      addRadiusCpe: (name, password) => addRadiusCpe(state, name, password),
      loginHotspot: async (name, login) => loginHotspot(state, name, login),
      radiusLog: () => [...state.radius.log],
      certificateFingerprint: SIMULATOR_CERTIFICATE_FINGERPRINT,
      certificate: SIMULATOR_CERTIFICATE,
      state,
      faults,
      setFaults: (changes) => Object.assign(faults, changes),
      advance: (seconds) => tick(state, seconds),
      metrics: () => metrics.snapshot(),
      resetMetrics: () => metrics.reset(),
      transcript: () => recorder?.text() ?? "",
      goDown,
      comeBack,
      isDown: () => state.down,
      setInterfaceLink: (name, up) => setInterfaceLink(state, name, up),
      setHealth: (settings) => setHealth(state, settings),
      setCpuLoad: (percent) => setCpuLoad(state, percent),
      setMemoryUsage: (percent) => setMemoryUsage(state, percent),
      stop: () => transition.then(() => Promise.all([closeAll(servers, connections, sockets), stopRadius()])).then(() => undefined),
    };
  } catch (error) {
    await Promise.all([closeAll(servers, connections, sockets), radiusClient.close(), radiusIncoming?.close()]);
    throw error;
  }
}

/** Ends every connection and stops every listener (the server objects can listen again). */
function closeAll(servers: Server[], connections: Set<SimulatorConnection>, sockets: Set<Socket>): Promise<void> {
  for (const connection of connections) connection.stopAll();
  for (const socket of sockets) socket.destroy();
  return Promise.all(
    servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          if (!server.listening) return resolve();
          (server as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
          server.close(() => resolve());
        }),
    ),
  ).then(() => undefined);
}
