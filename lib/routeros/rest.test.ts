import https from "node:https";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RouterOsError, RouterOsTrapError } from "./errors";
import { restCallFor, RouterOsRestClient } from "./rest";
import { SIMULATOR_CERTIFICATE, SIMULATOR_CERTIFICATE_FINGERPRINT, SIMULATOR_PRIVATE_KEY } from "./simulator/certificate";
import { startSimulator, type RunningSimulator } from "./simulator/server";

describe("restCallFor", () => {
  it.each([
    [
      "/ppp/secret/print",
      { ".proplist": ".id,name" },
      ["?name=alice"],
      { method: "POST", path: "/rest/ppp/secret/print", body: { ".proplist": ".id,name", ".query": ["name=alice"] } },
    ],
    ["/ppp/secret/getall", {}, [], { method: "POST", path: "/rest/ppp/secret/print", body: {} }],
    ["/ppp/secret/add", { name: "a", password: "x" }, [], { method: "PUT", path: "/rest/ppp/secret", body: { name: "a", password: "x" } }],
    ["/ppp/secret/set", { ".id": "*1A", profile: "isolir" }, [], { method: "PATCH", path: "/rest/ppp/secret/*1A", body: { profile: "isolir" } }],
    ["/interface/set", { ".id": "<pppoe-a>", comment: "x" }, [], { method: "PATCH", path: "/rest/interface/%3Cpppoe-a%3E", body: { comment: "x" } }],
    ["/ppp/active/remove", { ".id": "*5" }, [], { method: "DELETE", path: "/rest/ppp/active/*5" }],
    ["/ppp/secret/remove", { ".id": "*1,*2" }, [], { method: "POST", path: "/rest/ppp/secret/remove", body: { ".id": "*1,*2" } }],
    [
      "/ppp/secret/set",
      { numbers: "alice", disabled: "true" },
      [],
      { method: "POST", path: "/rest/ppp/secret/set", body: { numbers: "alice", disabled: "true" } },
    ],
    [
      "/interface/monitor-traffic",
      { interface: "ether1", once: "" },
      [],
      { method: "POST", path: "/rest/interface/monitor-traffic", body: { interface: "ether1", once: "" } },
    ],
  ])("%s → %j", (command, attributes, queries, expected) => {
    expect(restCallFor(command, attributes, queries)).toEqual(expected);
  });
});

/* A scripted HTTPS "router" for answers the simulator never gives (non-string JSON, 5xx, bare 404, not JSON). */
let scripted: https.Server;
let scriptedPort = 0;
let simulator: RunningSimulator;

beforeAll(async () => {
  scripted = https.createServer({ key: SIMULATOR_PRIVATE_KEY, cert: SIMULATOR_CERTIFICATE }, (request, response) => {
    const send = (status: number, body?: string) => response.writeHead(status, { "content-type": "application/json" }).end(body);
    if (request.url === "/rest/system/identity/print") return send(200, '[{"name":"scripted"}]');
    if (request.url === "/rest/numbers/print") return send(200, '[{"count":7,"on":true,"gone":null,"list":["a","b"]}]');
    if (request.url === "/rest/broken/print") return send(500, '{"error":500,"message":"Internal Server Error"}');
    if (request.url === "/rest/html/print") return send(200, "<html>login</html>");
    if (request.method === "DELETE") return send(404, '{"error":404,"message":"Not Found"}');
    send(400, '{"error":400,"message":"Bad Request"}');
  });
  await new Promise<void>((resolve) => scripted.listen(0, "127.0.0.1", resolve));
  scriptedPort = (scripted.address() as AddressInfo).port;
  simulator = await startSimulator({ username: "u", password: "p", restPort: 0, restTimeoutMs: 150 });
});

afterAll(async () => {
  await simulator.stop();
  await new Promise<void>((resolve) => scripted.close(() => resolve()));
});

const client = (port: number, extra: Partial<ConstructorParameters<typeof RouterOsRestClient>[0]> = {}) =>
  new RouterOsRestClient({
    host: "127.0.0.1",
    restPort: port,
    username: "u",
    password: "p",
    tlsFingerprint: SIMULATOR_CERTIFICATE_FINGERPRINT,
    timeoutMs: 1000,
    ...extra,
  });

async function failure(promise: Promise<unknown>): Promise<RouterOsError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RouterOsError);
  return error as RouterOsError;
}

describe("RouterOsRestClient", () => {
  it("reports refused credentials as kind auth, at connect and later", async () => {
    expect((await failure(client(simulator.restPort!, { password: "wrong" }).connect())).kind).toBe("auth");
    const api = client(simulator.restPort!);
    await api.connect();
    simulator.setFaults({ refuseLogins: true });
    const error = await failure(api.write("/system/identity/print"));
    simulator.setFaults({ refuseLogins: false });
    expect([error.kind, error.message]).toEqual(["auth", "login refused: Unauthorized"]);
    expect(api.connected).toBe(false);
    await api.close();
  });

  it("carries RouterOS's detail text as a trap", async () => {
    const api = client(simulator.restPort!);
    await api.connect();
    await api.write("/ip/hotspot/user/add", { name: "V1", password: "1" });
    const error = await failure(api.write("/ip/hotspot/user/add", { name: "V1", password: "2" }));
    expect(error).toBeInstanceOf(RouterOsTrapError);
    expect((error as RouterOsTrapError).trapMessage).toBe("failure: already have user with this name for this server");
    await api.close();
  });

  it("reports the router's 60 s cut-off and its own deadline as kind timeout", async () => {
    const api = client(simulator.restPort!);
    await api.connect();
    const cutOff = await failure(api.write("/interface/monitor-traffic", { interface: "ether1" }));
    expect([cutOff.kind, cutOff.message]).toEqual(["timeout", "/interface/monitor-traffic was cut off by the router's REST timeout"]);
    const late = await failure(api.write("/interface/monitor-traffic", { interface: "ether1" }, [], { timeoutMs: 50 }));
    expect([late.kind, late.message]).toEqual(["timeout", "/interface/monitor-traffic got no reply within 50 ms"]);
    expect(api.connected).toBe(true);
    await api.close();
  });

  it("polls monitor-traffic for stream() and refuses other streams", async () => {
    const api = client(simulator.restPort!, { restPollIntervalMs: 5 });
    await api.connect();
    const rows = [];
    for await (const row of api.stream("/interface/monitor-traffic", { interface: "ether2" })) {
      rows.push(row);
      if (rows.length === 2) break;
    }
    expect(rows.map((row) => row.name)).toEqual(["ether2", "ether2"]);
    const listen = api.stream("/ppp/secret/listen");
    const error = await failure(listen.next());
    expect(error.kind).toBe("protocol");
    await api.close();
  });

  it("stringifies non-string JSON values and maps bare errors", async () => {
    const api = client(scriptedPort);
    await api.connect();
    expect((await api.write("/numbers/print")).rows).toEqual([{ count: "7", on: "true", list: "a,b" }]);
    expect((await failure(api.write("/broken/print"))).kind).toBe("connection");
    expect((await failure(api.write("/html/print"))).kind).toBe("protocol");
    const missing = await failure(api.write("/ppp/active/remove", { ".id": "*9" }));
    expect((missing as RouterOsTrapError).trapMessage).toBe("no such item");
    expect(((await failure(api.write("/other/thing"))) as RouterOsTrapError).trapMessage).toBe("Bad Request");
    await api.close();
  });

  it("reports an unreachable router as kind connection", async () => {
    const closed = https.createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const error = await failure(client(port).connect());
    expect(error.kind).toBe("connection");
  });
});
