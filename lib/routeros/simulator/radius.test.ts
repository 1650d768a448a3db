import { createSocket, type Socket } from "node:dgram";
import { afterEach, describe, expect, it } from "vitest";
import { applyRadiusClient } from "@/lib/radius/router-config";
import { RouterOsClient } from "../client";
import { radiusPackets } from "../radius-dictionary";
import { startControlServer } from "./control";
import { startSimulator, type RunningSimulator } from "./server";
import { connectSession } from "./sessions";

const SECRET = "nas-secret";
const running: { stop: () => Promise<void> }[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((item) => item.stop()));
});

type Packet = { code: string; identifier: number; attributes: Record<string, unknown>; raw_attributes: unknown[][] };
type Reply = { code: string; attributes?: unknown[][]; withoutMessageAuthenticator?: boolean } | undefined;

/** A tiny RADIUS server on 127.0.0.1 (one port for authentication and accounting) that records what it gets. */
async function radiusServer(answer: (packet: Packet) => Reply, secret = SECRET) {
  const radius = radiusPackets();
  const socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const received: Packet[] = [];
  socket.on("message", (message, remote) => {
    let packet: Packet;
    try {
      packet = radius.decode({ packet: message, secret }) as Packet;
    } catch {
      return;
    }
    received.push(packet);
    const reply = answer(packet);
    if (!reply) return;
    const request = reply.withoutMessageAuthenticator
      ? { ...packet, attributes: { ...packet.attributes, "Message-Authenticator": undefined } }
      : packet;
    socket.send(
      radius.encode_response({ packet: request as never, code: reply.code, secret, attributes: reply.attributes ?? [] }),
      remote.port,
      remote.address,
    );
  });
  const server = {
    port: socket.address().port,
    received,
    accounting: (status: string) =>
      received.filter((packet) => packet.code === "Accounting-Request" && packet.attributes["Acct-Status-Type"] === status),
    stop: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
  running.push(server);
  return server;
}

/** Accepts every user but `mallory` with an address, a rate limit and an address list. */
const acceptAlice = (packet: Packet): Reply => {
  if (packet.code === "Accounting-Request") return { code: "Accounting-Response" };
  if (packet.code !== "Access-Request") return undefined;
  if (packet.attributes["User-Name"] === "mallory") return { code: "Access-Reject" };
  return {
    code: "Access-Accept",
    attributes: [
      ["Framed-IP-Address", "100.64.0.9"],
      ["Vendor-Specific", 14988, [["Mikrotik-Rate-Limit", "10M/20M"]]],
      ["Vendor-Specific", 14988, [["Mikrotik-Address-List", "radius-active"]]],
    ],
  };
};

async function router(
  serverPort: number,
  extra: { requireMessageAuth?: boolean; secret?: string } = {},
): Promise<{ sim: RunningSimulator; api: RouterOsClient }> {
  const sim = await startSimulator({
    username: "netsphere",
    password: "secret",
    radiusIncomingPort: 0,
    router: { identity: "nas-7", reconnectAfterSeconds: 5 },
  });
  running.push(sim);
  // Configured through the API, as the reconciler would.
  const api = new RouterOsClient({ host: "127.0.0.1", port: sim.port, username: "netsphere", password: "secret" });
  await api.connect();
  running.push({ stop: () => api.close() });
  await api.write("/radius/add", {
    service: "ppp,hotspot",
    address: "127.0.0.1",
    secret: extra.secret ?? SECRET,
    "authentication-port": String(serverPort),
    "accounting-port": String(serverPort),
    timeout: "100ms",
    "require-message-auth": extra.requireMessageAuth ? "yes-for-request-resp" : "no",
  });
  await api.write("/ppp/aaa/set", { "use-radius": "yes", accounting: "yes", "interim-update": "1m" });
  await api.write("/radius/incoming/set", { accept: "yes" });
  return { sim, api };
}

/** A CoA or Disconnect sender on 127.0.0.1, as lib/radius's would be. */
/** Waits `waitMs` for the answer (a dropped packet gets none); loaded test machines can take a while to answer. */
async function sendDynamic(port: number, code: string, attributes: unknown[][], secret = SECRET, waitMs = 3000): Promise<Packet | undefined> {
  const radius = radiusPackets();
  const socket: Socket = createSocket("udp4");
  await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
  const request = radius.encode({ code, secret, identifier: 42, attributes });
  try {
    return await new Promise<Packet | undefined>((resolve) => {
      const timer = setTimeout(() => resolve(undefined), waitMs);
      socket.on("message", (message) => {
        clearTimeout(timer);
        expect(radius.verify_response({ request, response: message, secret })).toBe(true);
        resolve(radius.decode({ packet: message, secret }) as Packet);
      });
      socket.send(request, port, "127.0.0.1");
    });
  } finally {
    socket.close();
  }
}

const until = async (check: () => boolean, ms = 5000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

describe("RADIUS client mode", () => {
  it("shows the RADIUS menus with RouterOS's defaults and refuses bad values", async () => {
    const server = await radiusServer(() => undefined);
    const { sim, api } = await router(server.port);
    expect((await api.write("/radius/print")).rows[0]).toMatchObject({
      service: "ppp,hotspot",
      "accounting-port": String(server.port),
      timeout: "100ms",
      "src-address": "0.0.0.0",
      disabled: "false",
    });
    expect((await api.write("/ppp/aaa/print")).rows).toEqual([
      { "use-radius": "yes", accounting: "yes", "interim-update": "1m", "use-circuit-id-in-nas-port-id": "no" },
    ]);
    expect((await api.write("/radius/incoming/print")).rows).toEqual([{ accept: "yes", port: String(sim.radiusIncomingPort), vrf: "main" }]);
    expect((await api.write("/ip/hotspot/profile/print", { ".proplist": "name,use-radius" })).rows).toEqual([
      { name: "default", "use-radius": "no" },
    ]);
    await api.write("/radius/add", { service: "login", comment: "defaults" });
    expect((await api.write("/radius/print", {}, ["?comment=defaults"])).rows[0]).toMatchObject({
      address: "0.0.0.0",
      "authentication-port": "1812",
      "accounting-port": "1813",
      timeout: "1100ms",
      "require-message-auth": "yes-for-request-resp",
    });
    await expect(api.write("/radius/add", { service: "ppp,telnet", address: "127.0.0.1" })).rejects.toThrow(
      "input does not match any value of service",
    );
    await expect(api.write("/radius/add", { service: "ppp", "require-message-auth": "yes" })).rejects.toThrow(
      "input does not match any value of require-message-auth",
    );
    await expect(api.write("/ppp/aaa/set", { "use-radius": "maybe" })).rejects.toThrow("input does not match any value of use-radius");
  });

  it("opens a session for a user with no local secret after an Access-Accept, with its address, rate limit and address list", async () => {
    const server = await radiusServer(acceptAlice);
    const { sim, api } = await router(server.port);
    const result = await sim.dialPppoe("alice", { password: "pw", callerId: "50:C7:BF:00:00:01" });
    expect(result.ok).toBe(true);

    const [request] = server.received.filter((packet) => packet.code === "Access-Request");
    expect(request.attributes).toMatchObject({
      "User-Name": "alice",
      "User-Password": "pw",
      "Service-Type": "Framed-User",
      "Framed-Protocol": "PPP",
      "NAS-Identifier": "nas-7",
      "NAS-IP-Address": "127.0.0.1",
      "NAS-Port-Type": "Ethernet",
      "NAS-Port-Id": "ether3",
      "Calling-Station-Id": "50:C7:BF:00:00:01",
    });
    const active = (await api.write("/ppp/active/print")).rows;
    expect(active).toMatchObject([{ name: "alice", address: "100.64.0.9", radius: "true", "caller-id": "50:C7:BF:00:00:01" }]);
    expect(active[0]["session-id"]).toBe(`0x${request.attributes["Acct-Session-Id"] as string}`);
    expect((await api.write("/queue/simple/print", { "?name": "<pppoe-alice>" })).rows).toMatchObject([
      { "max-limit": "10000000/20000000", dynamic: "true" },
    ]);
    expect((await api.write("/ip/firewall/address-list/print")).rows).toMatchObject([
      { list: "radius-active", address: "100.64.0.9", dynamic: "true" },
    ]);

    await api.write("/ppp/active/remove", { ".id": active[0][".id"] });
    expect((await api.write("/ip/firewall/address-list/print")).rows).toEqual([]);
  });

  it("leaves a rejected user offline and logs it", async () => {
    const server = await radiusServer(acceptAlice);
    const { sim } = await router(server.port);
    expect(await sim.dialPppoe("mallory", { password: "guess" })).toEqual({ ok: false, reason: "rejected by radius server" });
    expect(sim.state.sessions.size).toBe(0);
    expect(sim.radiusLog()).toContain("login failed for mallory: rejected by radius server");
  });

  it("auto-dials a RADIUS-only subscriber's CPE and keeps trying after the server stays silent", async () => {
    const silent = await radiusServer(() => undefined);
    const { sim } = await router(silent.port);
    sim.state.autoDial = { afterSeconds: 2 };
    sim.addRadiusCpe("carol", "pw");
    sim.advance(1); // the clock sees the CPE offline…
    sim.advance(2); // …and it dials two seconds later
    // 3 tries of 100 ms each, then the router gives up.
    await until(() => sim.radiusLog().includes("login failed for carol: radius server did not answer"), 3000);
    expect(silent.received.filter((packet) => packet.code === "Access-Request")).toHaveLength(3);
    expect(sim.state.sessions.size).toBe(0);
  });

  it("sends Start, Interim-Update on the virtual clock and Stop with the counters", async () => {
    const server = await radiusServer(acceptAlice);
    const { sim, api } = await router(server.port);
    expect((await sim.dialPppoe("alice", { password: "pw" })).ok).toBe(true);
    await until(() => server.accounting("Start").length === 1);
    const [start] = server.accounting("Start");
    expect(start.attributes).toMatchObject({
      "User-Name": "alice",
      "Framed-IP-Address": "100.64.0.9",
      "NAS-Identifier": "nas-7",
      "Acct-Authentic": "RADIUS",
    });

    sim.advance(59);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(server.accounting("Interim-Update")).toHaveLength(0);
    sim.advance(1);
    await until(() => server.accounting("Interim-Update").length === 1);
    // 25 kB/s up and 125 kB/s down (the default traffic) for 60 s; input is what the subscriber sent.
    expect(server.accounting("Interim-Update")[0].attributes).toMatchObject({
      "Acct-Session-Time": 60,
      "Acct-Input-Octets": 1_500_000,
      "Acct-Output-Octets": 7_500_000,
      "Acct-Input-Gigawords": 0,
    });

    sim.advance(30);
    const [active] = (await api.write("/ppp/active/print")).rows;
    await api.write("/ppp/active/remove", { ".id": active[".id"] });
    await until(() => server.accounting("Stop").length === 1);
    expect(server.accounting("Stop")[0].attributes).toMatchObject({
      "Acct-Session-Id": start.attributes["Acct-Session-Id"],
      "Acct-Session-Time": 90,
      "Acct-Input-Octets": 2_250_000,
      "Acct-Output-Octets": 11_250_000,
      "Acct-Terminate-Cause": "Admin-Reset",
      "Calling-Station-Id": start.attributes["Calling-Station-Id"],
    });
  });

  it("accounts local sessions too, ends them with NAS-Reboot when the router goes down and sends Accounting-On as it boots", async () => {
    const server = await radiusServer(acceptAlice);
    const { sim, api } = await router(server.port);
    await api.write("/ppp/secret/add", { name: "dave", password: "pw", service: "pppoe" });
    expect(connectSession(sim.state, "dave", { callerId: "50:C7:BF:00:00:02", address: "10.9.0.2" }).ok).toBe(true);
    await until(() => server.accounting("Start").length === 1);
    expect(server.accounting("Start")[0].attributes).toMatchObject({ "User-Name": "dave", "Acct-Authentic": "Local" });
    expect(server.received.some((packet) => packet.code === "Access-Request")).toBe(false);

    await api.close();
    await sim.goDown();
    await until(() => server.accounting("Stop").length === 1);
    expect(server.accounting("Stop")[0].attributes["Acct-Terminate-Cause"]).toBe("NAS-Reboot");
    await sim.comeBack({ reboot: true });
    await until(() => server.accounting("Accounting-On").length === 1);
    expect(server.accounting("Accounting-On")[0].attributes["NAS-Identifier"]).toBe("nas-7");
  });

  it("applies a CoA to the live session and answers CoA-ACK", async () => {
    const server = await radiusServer(acceptAlice);
    const { sim, api } = await router(server.port);
    await sim.dialPppoe("alice", { password: "pw" });
    const reply = await sendDynamic(sim.radiusIncomingPort as number, "CoA-Request", [
      ["User-Name", "alice"],
      ["Vendor-Specific", 14988, [["Mikrotik-Rate-Limit", "2M/4M"]]],
      ["Vendor-Specific", 14988, [["Mikrotik-Address-List", "isolir"]]],
    ]);
    expect(reply?.code).toBe("CoA-ACK");
    expect((await api.write("/queue/simple/print", { "?name": "<pppoe-alice>" })).rows).toMatchObject([{ "max-limit": "2000000/4000000" }]);
    expect((await api.write("/ip/firewall/address-list/print", { ".proplist": "list,address" })).rows).toEqual([
      { list: "isolir", address: "100.64.0.9" },
    ]);
    expect(sim.state.sessions.has("alice")).toBe(true);
  });

  it("ends the session on a Disconnect-Request with a Stop (Admin-Reset) and Disconnect-ACK", async () => {
    const server = await radiusServer(acceptAlice);
    const { sim } = await router(server.port);
    await sim.dialPppoe("alice", { password: "pw" });
    await until(() => server.accounting("Start").length === 1);
    const sessionId = server.accounting("Start")[0].attributes["Acct-Session-Id"];
    const reply = await sendDynamic(sim.radiusIncomingPort as number, "Disconnect-Request", [["Acct-Session-Id", sessionId]]);
    expect(reply?.code).toBe("Disconnect-ACK");
    expect(sim.state.sessions.size).toBe(0);
    await until(() => server.accounting("Stop").length === 1);
    expect(server.accounting("Stop")[0].attributes).toMatchObject({ "Acct-Session-Id": sessionId, "Acct-Terminate-Cause": "Admin-Reset" });

    // The CPE dials again after reconnectAfterSeconds with the credentials it had, through RADIUS.
    sim.advance(5);
    await until(() => sim.state.sessions.has("alice"));
    expect(server.received.filter((packet) => packet.code === "Access-Request")).toHaveLength(2);
  });

  it("answers NAK with Session-Context-Not-Found for an unknown session and drops a packet with the wrong secret", async () => {
    const server = await radiusServer(acceptAlice);
    const { sim } = await router(server.port);
    await sim.dialPppoe("alice", { password: "pw" });
    const port = sim.radiusIncomingPort as number;
    const coa = await sendDynamic(port, "CoA-Request", [["User-Name", "nobody"]]);
    expect(coa).toMatchObject({ code: "CoA-NAK", attributes: { "Error-Cause": "Session-Context-Not-Found" } });
    const disconnect = await sendDynamic(port, "Disconnect-Request", [
      ["User-Name", "alice"],
      ["Framed-IP-Address", "100.64.0.10"],
    ]);
    expect(disconnect).toMatchObject({ code: "Disconnect-NAK", attributes: { "Error-Cause": "Session-Context-Not-Found" } });

    expect(await sendDynamic(port, "Disconnect-Request", [["User-Name", "alice"]], "wrong-secret", 300)).toBeUndefined();
    expect(sim.state.sessions.has("alice")).toBe(true);
  });

  it("with require-message-auth=yes-for-request-resp sends a Message-Authenticator and refuses an answer without one", async () => {
    const bare = await radiusServer((packet) =>
      packet.code === "Access-Request" ? { code: "Access-Accept", withoutMessageAuthenticator: true } : undefined,
    );
    const { sim } = await router(bare.port, { requireMessageAuth: true });
    const result = await sim.dialPppoe("alice", { password: "pw" });
    expect(result.ok).toBe(false);
    expect(bare.received[0].attributes["Message-Authenticator"]).toBeDefined();
    expect(sim.radiusLog().some((line) => line.includes("dropped: bad authenticator or Message-Authenticator"))).toBe(true);

    const signed = await radiusServer(acceptAlice);
    const second = await router(signed.port, { requireMessageAuth: true });
    expect((await second.sim.dialPppoe("alice", { password: "pw" })).ok).toBe(true);
  });

  it("never sends to an address other than 127.0.0.1", async () => {
    const server = await radiusServer(acceptAlice);
    const { sim, api } = await router(server.port);
    await api.write("/radius/set", { ".id": (await api.write("/radius/print")).rows[0][".id"], address: "192.0.2.10" });
    expect(await sim.dialPppoe("alice", { password: "pw" })).toEqual({ ok: false, reason: "no such secret" });
    expect(server.received).toHaveLength(0);
    expect(sim.radiusLog()[0]).toContain("skipped");
  });

  it("lets an end-to-end test add a RADIUS-only subscriber and dial it over the control endpoint", async () => {
    const server = await radiusServer(acceptAlice);
    const { sim } = await router(server.port);
    const control = await startControlServer([sim], 0);
    running.push(control);
    const post = (path: string, body: unknown) =>
      fetch(`http://127.0.0.1:${control.port}${path}`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
    const added = await post("/routers/1/radius/cpes", { name: "erin", password: "pw" });
    expect(await added.json()).toMatchObject({ router: 1, radiusIncomingPort: sim.radiusIncomingPort });
    expect(sim.state.radius.cpes.get("erin")).toEqual({ password: "pw" });
    expect(await (await post("/routers/1/radius/dial", { name: "erin", password: "pw" })).json()).toMatchObject({ ok: true });
    expect(await (await post("/routers/1/radius/dial", { name: "mallory", password: "x" })).json()).toEqual({
      ok: false,
      reason: "rejected by radius server",
    });
    expect((await post("/routers/1/radius/dial", { password: "x" })).status).toBe(400);
  });

  it("logs a hotspot host in through RADIUS when the server profile has use-radius=yes, with its rate limit on the host's queue", async () => {
    const server = await radiusServer(acceptAlice);
    const { sim, api } = await router(server.port);
    const host = { address: "192.168.88.20", macAddress: "DC:2C:6E:00:00:05", password: "voucher" };
    expect(await sim.loginHotspot("guest", host)).toEqual({ ok: false, reason: "invalid username or password" });
    expect(server.received).toHaveLength(0);

    await api.write("/ip/hotspot/profile/set", { ".id": "default", "use-radius": "yes" });
    expect((await sim.loginHotspot("guest", host)).ok).toBe(true);
    expect(server.received[0].attributes).toMatchObject({
      "User-Name": "guest",
      "Service-Type": "Login-User",
      "NAS-Port-Type": "Wireless-802.11",
      "Calling-Station-Id": "DC:2C:6E:00:00:05",
      "Framed-IP-Address": "192.168.88.20",
    });
    const [active] = (await api.write("/ip/hotspot/active/print")).rows;
    expect(active).toMatchObject({ user: "guest", address: "192.168.88.20", radius: "true" });
    expect((await api.write("/queue/simple/print", { "?name": "<hotspot-guest>" })).rows).toMatchObject([
      { target: "192.168.88.20/32", "max-limit": "10000000/20000000" },
    ]);
    await api.write("/ip/hotspot/active/remove", { ".id": active[".id"] });
    expect((await api.write("/queue/simple/print", { "?dynamic": "true" })).rows).toEqual([]);
    expect(await sim.loginHotspot("mallory", host)).toEqual({ ok: false, reason: "rejected by radius server" });
  });

  it("takes the reconciler's RADIUS client settings as a router does, and a second reconcile changes nothing", async () => {
    const server = await radiusServer(acceptAlice);
    const sim = await startSimulator({ username: "netsphere", password: "secret", radiusIncomingPort: 0 });
    running.push(sim);
    const api = new RouterOsClient({ host: "127.0.0.1", port: sim.port, username: "netsphere", password: "secret" });
    await api.connect();
    running.push({ stop: () => api.close() });
    const config = {
      server: { address: "127.0.0.1", authPort: server.port, acctPort: server.port },
      secret: SECRET,
      nasAddress: "10.99.0.2",
      coaPort: 3799,
      interimSeconds: 300,
      requireMessageAuth: true,
      comment: "netsphere:test:radius",
    };
    expect(await applyRadiusClient(api, config)).toEqual(["/radius entry added", "/ppp aaa uses RADIUS", "/radius incoming accepts CoA"]);
    expect(await applyRadiusClient(api, config)).toEqual([]);
    expect((await sim.dialPppoe("alice", { password: "pw" })).ok).toBe(true);
    expect(server.received[0].attributes["Message-Authenticator"]).toBeDefined();
  });
});
