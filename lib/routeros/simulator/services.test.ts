import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RouterOsClient } from "../client";
import { RawClient } from "./raw-client";
import { startSimulator, type RunningSimulator } from "./server";
import { inPrefix } from "./services";

let simulator: RunningSimulator;
let admin: RouterOsClient;
const opened: RawClient[] = [];

beforeAll(async () => {
  simulator = await startSimulator({ username: "u", password: "p", tlsPort: 0, maxSessions: 3 });
  admin = new RouterOsClient({ host: "127.0.0.1", port: simulator.port, username: "u", password: "p", timeoutMs: 2000 });
  await admin.connect();
});

afterAll(async () => {
  for (const raw of opened) raw.close();
  await admin.close();
  await simulator.stop();
});

async function open(secure = false): Promise<RawClient> {
  const raw = await RawClient.open(secure ? simulator.tlsPort! : simulator.port, secure);
  opened.push(raw);
  return raw;
}

/** True when the simulator keeps the connection and logs it in. */
async function accepted(secure = false): Promise<boolean> {
  // A TLS socket closed before its handshake fails to open at all.
  const raw = await open(secure).catch(() => null);
  if (!raw) return false;
  raw.send("/login", "=name=u", "=password=p");
  const replies = await raw.untilDone();
  raw.close();
  await raw.closed;
  return replies.length === 1;
}

describe("/ip/service (checklist 23)", () => {
  it("lists the services with the simulator's real ports and limits", async () => {
    const { rows } = await admin.write("/ip/service/print", { ".proplist": "name,port,max-sessions,disabled,certificate" }, [
      "?name=api",
      "?name=api-ssl",
      "?#|",
    ]);
    expect(rows).toEqual([
      { name: "api", port: String(simulator.port), "max-sessions": "3", disabled: "false" },
      { name: "api-ssl", port: String(simulator.tlsPort), "max-sessions": "3", disabled: "false", certificate: "simulator" },
    ]);
  });

  it("closes new connections from outside the service's address list, keeping existing ones", async () => {
    await admin.write("/ip/service/set", { numbers: "api", address: "10.0.0.0/8,192.168.88.0/24" });
    expect(await accepted()).toBe(false);
    expect((await admin.write("/system/identity/print")).rows).toEqual([{ name: "MikroTik" }]);
    await admin.write("/ip/service/set", { ".id": "api", address: "10.0.0.0/8,127.0.0.0/8" });
    expect(await accepted()).toBe(true);
    await admin.write("/ip/service/set", { ".id": "api", address: "" });
  });

  it("closes connections beyond max-sessions, per service", async () => {
    await admin.write("/ip/service/set", { ".id": "api", "max-sessions": "2" });
    const second = await open();
    await second.login("u", "p");
    expect(await accepted()).toBe(false);
    expect(await accepted(true)).toBe(true);
    second.close();
    await second.closed;
    expect(await accepted()).toBe(true);
    await admin.write("/ip/service/set", { ".id": "api", "max-sessions": "3" });
  });

  it("refuses a disabled service", async () => {
    await admin.write("/ip/service/disable", { ".id": "api-ssl" });
    expect(await accepted(true)).toBe(false);
    await admin.write("/ip/service/enable", { ".id": "api-ssl" });
    expect(await accepted(true)).toBe(true);
    expect(simulator.metrics().connectionsRefused).toBeGreaterThanOrEqual(3);
  });

  it("matches addresses against prefixes", () => {
    expect(inPrefix("127.0.0.1", "127.0.0.0/8")).toBe(true);
    expect(inPrefix("::ffff:10.1.2.3", "10.1.0.0/16")).toBe(true);
    expect(inPrefix("10.2.0.1", "10.1.0.0/16")).toBe(false);
    expect(inPrefix("192.168.1.5", "192.168.1.5")).toBe(true);
    expect(inPrefix("127.0.0.1", "::1/128")).toBe(false);
  });
});
