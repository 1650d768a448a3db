import https from "node:https";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSimulator, type RunningSimulator } from "./server";

let simulator: RunningSimulator;

beforeAll(async () => {
  simulator = await startSimulator({ username: "admin", password: "pw", version: "7.19.2", restPort: 0, restTimeoutMs: 200 });
});

afterAll(async () => {
  await simulator.stop();
});

type Answer = { status: number; body: unknown };

/** A bare HTTPS request, so the test sees exactly what the facade sends. */
function call(method: string, path: string, body?: unknown, credentials = "admin:pw"): Promise<Answer> {
  const payload = body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = https.request(
      {
        host: "127.0.0.1",
        port: simulator.restPort,
        method,
        path,
        rejectUnauthorized: false,
        headers: {
          authorization: `Basic ${Buffer.from(credentials).toString("base64")}`,
          ...(payload ? { "content-type": "application/json" } : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => {
          const text = Buffer.concat(chunks).toString();
          resolve({ status: response.statusCode ?? 0, body: text === "" ? undefined : JSON.parse(text) });
        });
      },
    );
    request.on("error", reject);
    request.end(payload);
  });
}

describe("REST facade", () => {
  it("answers 401 without valid Basic credentials", async () => {
    expect(await call("GET", "/rest/system/identity", undefined, "admin:nope")).toEqual({
      status: 401,
      body: { error: 401, message: "Unauthorized" },
    });
  });

  it("maps PUT, GET, PATCH and DELETE to add, print, set and remove, with string values", async () => {
    const created = await call("PUT", "/rest/ppp/secret", { name: "alice", password: "x", "limit-bytes-in": 0 });
    expect(created.status).toBe(201);
    const id = (created.body as Record<string, string>)[".id"];
    expect(created.body).toMatchObject({ ".id": expect.stringMatching(/^\*[0-9A-F]+$/), name: "alice", "limit-bytes-in": "0", disabled: "false" });
    expect(await call("GET", "/rest/ppp/secret?name=alice&.proplist=name,profile")).toEqual({
      status: 200,
      body: [{ name: "alice", profile: "default" }],
    });
    expect((await call("GET", `/rest/ppp/secret/${id}`)).body).toMatchObject({ ".id": id, name: "alice" });
    expect((await call("PATCH", `/rest/ppp/secret/${id}`, { comment: "vip", disabled: true })).body).toMatchObject({
      comment: "vip",
      disabled: "true",
    });
    expect(await call("DELETE", `/rest/ppp/secret/${id}`)).toEqual({ status: 204, body: undefined });
    expect(await call("DELETE", `/rest/ppp/secret/${id}`)).toEqual({ status: 404, body: { error: 404, message: "Not Found" } });
    expect(await call("GET", `/rest/ppp/secret/${id}`)).toEqual({ status: 404, body: { error: 404, message: "Not Found" } });
  });

  it("answers singleton menus with an object and GET by name", async () => {
    expect((await call("GET", "/rest/system/resource")).body).toMatchObject({ version: "7.19.2 (stable)", platform: "MikroTik" });
    expect((await call("GET", "/rest/interface/ether1")).body).toMatchObject({ name: "ether1", type: "ether" });
  });

  it("runs any command with POST, including .proplist lists, .query stacks and count-only", async () => {
    for (const name of ["q1", "q2", "q3"]) await call("PUT", "/rest/ip/pool", { name, ranges: "10.1.1.2-10.1.1.9" });
    const printed = await call("POST", "/rest/ip/pool/print", { ".proplist": ["name"], ".query": ["name=q1", "name=q3", "#|"] });
    expect(printed).toEqual({ status: 200, body: [{ name: "q1" }, { name: "q3" }] });
    expect(await call("POST", "/rest/ip/pool/print", { "count-only": "", ".query": ["name=q2"] })).toEqual({ status: 200, body: { ret: "1" } });
    expect(await call("POST", "/rest/ip/pool/print", { ".query": ["name=none"] })).toEqual({ status: 200, body: [] });
    expect(await call("POST", "/rest/ip/pool/remove", { ".id": "q1,q2" })).toEqual({ status: 200, body: [] });
  });

  it("uses RouterOS's error shapes: 400 with detail, 406 for an unknown command, bad JSON", async () => {
    await call("PUT", "/rest/ip/hotspot/user", { name: "V1" });
    expect(await call("PUT", "/rest/ip/hotspot/user", { name: "V1" })).toEqual({
      status: 400,
      body: { detail: "failure: already have user with this name for this server", error: 400, message: "Bad Request" },
    });
    expect(await call("POST", "/rest/ppp/secret/frobnicate", {})).toEqual({
      status: 406,
      body: { detail: "no such command or directory (frobnicate)", error: 406, message: "Not Acceptable" },
    });
    expect((await call("PUT", "/rest/ppp/secret", "{not json")).status).toBe(400);
    expect((await call("PUT", "/rest/ppp/secret", { name: "b", speed: "1" })).body).toMatchObject({ detail: "unknown parameter speed" });
  });

  it("cuts off a command still running after the timeout with Session closed, and answers one request at a time", async () => {
    const started = Date.now();
    const [endless, quick] = await Promise.all([
      call("POST", "/rest/interface/monitor-traffic", { interface: "ether1" }),
      call("GET", "/rest/system/identity").then((answer) => ({ ...answer, at: Date.now() - started })),
    ]);
    expect(endless).toEqual({ status: 400, body: { detail: "Session closed", error: 400, message: "Bad Request" } });
    expect(quick.status).toBe(200);
    expect(quick.at).toBeGreaterThanOrEqual(190);
    expect(await call("POST", "/rest/interface/monitor-traffic", { interface: "ether1", once: "" })).toMatchObject({
      status: 200,
      body: [{ name: "ether1" }],
    });
  });

  it("prints /system/health as a list of sensors and the neighbours as a list, and /system/resource as an object", async () => {
    const health = await call("GET", "/rest/system/health?.proplist=name,type");
    expect(health.body).toEqual([
      { name: "voltage", type: "V" },
      { name: "temperature", type: "C" },
      { name: "cpu-temperature", type: "C" },
      { name: "board-temperature1", type: "C" },
    ]);
    expect(await call("GET", "/rest/ip/neighbor")).toEqual({ status: 200, body: [] });
    expect((await call("GET", "/rest/system/resource")).body).toMatchObject({ platform: "MikroTik" });
  });

  it("is not offered below RouterOS 7.1", async () => {
    await expect(startSimulator({ username: "a", password: "b", version: "6.49.10", restPort: 0 })).rejects.toThrow(/no REST API/);
  });
});
