/*
 * A router behind NAT, reached only through the ISP's WireGuard hub, every piece real: two network namespaces made
 * here (a hub and a site, joined by a veth pair and nothing else), Debian's wireguard-go on both ends, the hub's side
 * configured from NetSphere's own hub configuration (`npm run tunnels:config`'s text through `wg-quick strip`), the
 * RouterOS simulator in the site answering on its tunnel address only, and NetSphere's poller, reconciler and
 * tunnel-health job running inside the hub namespace. The router's record keeps a host where nothing answers, so
 * only the tunnel can reach it. Then the tunnel is torn down: the poller marks the router offline, says it is the
 * tunnel, and the router-down alert opens an incident.
 */
import { execFile, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import readline from "node:readline";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { connectPostgres, type Connection } from "@/lib/db/connect";
import { createPostgresTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { createNamespacePair, HUB_LINK_ADDRESS, namespaceSupportProblem, type NamespacePair } from "@/tests/support/netns";
import { enableRouterTunnel, hubsWithPeers, routerTunnelStatus, saveTunnelHub, setTunnelConnection } from "@/lib/tunnels/service";
import { hubWireguardConfig } from "@/lib/tunnels/rules";
import { tunnelHubs, tunnelPeers } from "@/lib/tunnels/schema";
import { decryptSecret } from "@/lib/core/crypto";
import { clock } from "@/lib/core/clock";
import { alertObjectStates, alertRules, incidents } from "@/lib/alerts/schema";
import { loadRouter } from "@/lib/routers/access";
import { actorOf } from "@/lib/audit/record";

const exec = promisify(execFile);
const TSX = path.resolve("node_modules/.bin/tsx");
const API_PASSWORD = "tunnel-api-pass";
const PREFIX = "10.99.0.0/24";

let database: { url: string; drop(): Promise<void> };
let conn: Connection;
let pair: NamespacePair | undefined;
let hubSide: ChildProcess;
let ask: (line: string) => Promise<unknown>;
let ids: { tenantId: string; routerId: string };
let started: Date;
/** Poll instants after the first poll: the alert rules and the handshake's age read the poll's time. */
const at = (seconds: number) => new Date(started.getTime() + seconds * 1000).toISOString();

/** The test database over Postgres's Unix socket: the hub namespace has no route to 127.0.0.1 of the machine. */
function socketUrl(url: string): string {
  const parsed = new URL(url);
  return `postgres://${parsed.username || "postgres"}@localhost${parsed.pathname}?host=/var/run/postgresql`;
}

/** A line-per-command conversation with hub-side.ts; each answer is the next line starting with "@@ ". */
function converse(child: ChildProcess): (line: string) => Promise<unknown> {
  const answers: string[] = [];
  const waiting: ((line: string) => void)[] = [];
  readline.createInterface({ input: child.stdout! }).on("line", (line) => {
    if (!line.startsWith("@@ ")) return;
    const next = waiting.shift();
    if (next) next(line.slice(3));
    else answers.push(line.slice(3));
  });
  return async (line) => {
    child.stdin!.write(`${line}\n`);
    const text = answers.shift() ?? (await new Promise<string>((resolve) => waiting.push(resolve)));
    const answer = JSON.parse(text) as { ok: boolean; result?: unknown; error?: string };
    if (!answer.ok) throw new Error(`hub side: ${line}: ${answer.error}`);
    return answer.result;
  };
}

/** Resolves with the first stdout line matching `pattern`; rejects with the output if the process ends first. */
function lineFrom(child: ChildProcess, pattern: RegExp): Promise<string> {
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    child.stderr!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
    readline.createInterface({ input: child.stdout! }).on("line", (line) => {
      output.push(line);
      if (pattern.test(line)) resolve(line);
    });
    child.once("exit", (code) => reject(new Error(`exited with ${code}:\n${output.join("\n")}`)));
  });
}

beforeAll(async () => {
  const problem = await namespaceSupportProblem();
  if (problem) throw new Error(problem);
  database = await createPostgresTestDatabase();
  conn = connectPostgres(database.url, 4);

  const { tenant, ctx } = await createTenantFixture(conn.db, { name: "Nasugbu Wireless" });
  const actor = actorOf(ctx.admin);
  await saveTunnelHub(conn.db, actor, { endpointHost: HUB_LINK_ADDRESS, endpointPort: 51820, prefix: PREFIX });
  // The record's host (127.0.0.1) has nothing listening in the hub namespace: only the tunnel reaches the router.
  const router = await insertRouter(conn.db, tenant.id, { port: 8728, password: API_PASSWORD, name: "Calatagan POP" });
  ids = { tenantId: tenant.id, routerId: router.id };
  const plan = await insertPlan(conn.db, tenant.id, { name: "Air 20", downloadKbps: 20_000, uploadKbps: 10_000 });
  await insertSubscriber(conn.db, tenant.id, { planId: plan.id, routerId: router.id, username: "behind-nat" });
  const { address } = await enableRouterTunnel(conn.db, actor, { routerId: router.id });
  await setTunnelConnection(conn.db, actor, { routerId: router.id, connectThroughTunnel: true });

  pair = await createNamespacePair();
  // The hub: NetSphere's own configuration, stripped of wg-quick's own keys as `wg syncconf` is given it.
  const [mine] = (await hubsWithPeers(conn.db)).filter((h) => h.hub.tenantId === tenant.id);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "netsphere-hub-"));
  const hubInterface = `wgh${pair.tag}`;
  const confFile = path.join(dir, `${hubInterface}.conf`);
  fs.writeFileSync(
    confFile,
    hubWireguardConfig(
      { prefix: mine.hub.prefix, endpointPort: mine.hub.endpointPort, privateKey: decryptSecret(mine.hub.privateKeyEncrypted) },
      mine.peers,
    ),
    { mode: 0o600 },
  );
  const stripped = (await exec("wg-quick", ["strip", confFile])).stdout;
  fs.rmSync(dir, { recursive: true, force: true });
  await pair.wireguard(pair.hub, hubInterface, { address: `10.99.0.1/24`, config: stripped });

  // The site: what the router's /interface/wireguard script sets up, with the router's own key.
  const [peer] = await conn.db.select().from(tunnelPeers).where(eq(tunnelPeers.routerId, router.id));
  const [hub] = await conn.db.select().from(tunnelHubs).where(eq(tunnelHubs.tenantId, tenant.id));
  await pair.wireguard(pair.site, `wgs${pair.tag}`, {
    address: `${address}/24`,
    config: `[Interface]\nPrivateKey = ${decryptSecret(peer.privateKeyEncrypted)}\n\n[Peer]\nPublicKey = ${hub.publicKey}\nEndpoint = ${HUB_LINK_ADDRESS}:51820\nAllowedIPs = ${PREFIX}\nPersistentKeepalive = 1\n`,
  });
  const site = pair.start(pair.site, TSX, ["tests/tunnels/site-router.ts"], {
    ...process.env,
    SITE_ROUTER_HOST: address,
    SITE_ROUTER_PORT: "8728",
    SITE_ROUTER_PASSWORD: API_PASSWORD,
  });
  await lineFrom(site, /^ready /);

  hubSide = pair.start(pair.hub, TSX, ["--conditions=react-server", "tests/tunnels/hub-side.ts"], {
    ...process.env,
    NODE_ENV: "test",
    DATABASE_URL: socketUrl(database.url),
    TENANT_ID: tenant.id,
    ROUTER_ID: router.id,
    WIREGUARD_HUB_LOCAL: "true",
    RECONCILE_ON_CHANGE: "false",
    NOTIFY_ON_CHANGE: "false",
  });
  hubSide.stderr!.on("data", (chunk: Buffer) => process.stderr.write(chunk));
  ask = converse(hubSide);
}, 120_000);

afterAll(async () => {
  if (hubSide?.exitCode === null) hubSide.stdin!.write("exit\n");
  await pair?.teardown();
  await conn?.close();
  await database?.drop();
});

describe("a router behind NAT, through the WireGuard hub", () => {
  it("is polled and reconciled through its tunnel, and the hub's handshake shows on its page", async () => {
    started = clock.now();
    // wireguard-go's first handshake follows the site's first keepalive; the poll waits for it.
    expect(await ask(`poll ${at(0)}`)).toEqual({ status: "online" });
    // `wg show all` lists every userspace interface of the machine (their sockets are files): only the hub's peer is ours.
    expect(await ask("health")).toMatchObject({ hubLocal: true, updated: 1 });
    const status = await routerTunnelStatus(conn.db, ids);
    expect(status.health).toMatch(/^Up: last handshake \d+ s ago; .+ received from it and .+ sent to it\.$/);

    expect(await ask("reconcile")).toEqual({ status: "succeeded", error: null });
    expect(await ask("secrets")).toEqual(["behind-nat"]);
    // Child processes on a busy CI machine: minutes of margin, not seconds.
  }, 90_000);

  it("raises the router-down alert when the tunnel goes down, and says it is the tunnel", async () => {
    await pair!.run(pair!.site, "ip", ["link", "del", `wgs${pair!.tag}`]);
    expect(await ask(`poll ${at(10)}`)).toEqual({ status: "offline" });
    // Past the rule's delay (a minute) and past WireGuard's three minutes without a handshake.
    expect(await ask(`poll ${at(400)}`)).toEqual({ status: "offline" });

    const router = await loadRouter(conn.db, ids);
    expect(router.lastError).toMatch(/WireGuard tunnel is down: its last handshake with the hub was \d+ min ago/);
    const open = await conn.db
      .select({ title: incidents.title, status: incidents.status })
      .from(incidents)
      .where(and(eq(incidents.tenantId, ids.tenantId), eq(incidents.routerId, ids.routerId)));
    expect(open).toEqual([expect.objectContaining({ status: "open" })]);
    expect(open[0].title).toMatch(/Calatagan POP/);

    // The tunnel's own rule (three minutes without a handshake, held a minute) fires on the next poll, into the same
    // incident: the on-call engineer reads that the tunnel is down, not only that the router is.
    expect(await ask(`poll ${at(470)}`)).toEqual({ status: "offline" });
    const tunnelStates = await conn.db
      .select({ state: alertObjectStates.state })
      .from(alertObjectStates)
      .innerJoin(alertRules, eq(alertRules.id, alertObjectStates.ruleId))
      .where(and(eq(alertObjectStates.routerId, ids.routerId), eq(alertRules.kind, "tunnel_down")));
    expect(tunnelStates).toEqual([{ state: "firing" }]);
    const [{ count }] = await conn.db
      .select({ count: sql<number>`count(*)::int` })
      .from(incidents)
      .where(and(eq(incidents.tenantId, ids.tenantId), eq(incidents.routerId, ids.routerId)));
    expect(count).toBe(1);
  }, 90_000);
});
