import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RouterOsApi } from "./api";
import { RouterOsClient, type RouterOsClientOptions } from "./client";
import { RouterOsPool } from "./pool";
import { RouterOsRestClient } from "./rest";
import { startSimulator, type RunningSimulator } from "./simulator/server";
import { createRouterOsApi } from "./transports";

let simulator: RunningSimulator;

beforeAll(async () => {
  simulator = await startSimulator({ username: "u", password: "p", restPort: 0, tlsPort: 0 });
});

afterAll(async () => {
  await simulator.stop();
});

describe("createRouterOsApi and the pool", () => {
  it("builds the binary client by default and the REST client for transport rest", () => {
    const base = { host: "127.0.0.1", username: "u", password: "p" };
    expect(createRouterOsApi(base)).toBeInstanceOf(RouterOsClient);
    expect(createRouterOsApi({ ...base, transport: "api", tls: true })).toBeInstanceOf(RouterOsClient);
    expect(createRouterOsApi({ ...base, transport: "rest" })).toBeInstanceOf(RouterOsRestClient);
  });

  it("pools each router on its own transport and shares the connection per key", async () => {
    const settings: Record<string, RouterOsClientOptions> = {
      plain: { host: "127.0.0.1", port: simulator.port, username: "u", password: "p" },
      rest: {
        host: "127.0.0.1",
        transport: "rest",
        restPort: simulator.restPort,
        tlsFingerprint: simulator.certificateFingerprint,
        username: "u",
        password: "p",
      },
      secure: {
        host: "127.0.0.1",
        tls: true,
        port: simulator.tlsPort,
        tlsFingerprint: simulator.certificateFingerprint,
        username: "u",
        password: "p",
      },
    };
    const pool = new RouterOsPool<RouterOsApi>({ resolve: (key) => settings[key], create: createRouterOsApi });
    try {
      const [plain, rest, secure] = await Promise.all([pool.get("plain"), pool.get("rest"), pool.get("secure")]);
      expect([plain.transport, rest.transport, secure.transport]).toEqual(["api", "rest", "api"]);
      expect(await pool.get("rest")).toBe(rest);
      for (const api of [plain, rest, secure]) expect((await api.write("/system/identity/print")).rows).toEqual([{ name: "MikroTik" }]);
      expect(await pool.use("secure", async (api) => api.peerFingerprint)).toBe(simulator.certificateFingerprint);
    } finally {
      await pool.closeAll();
    }
  });

  it("keeps handing out RouterOsClient when no factory is given", async () => {
    const pool = new RouterOsPool({ resolve: () => ({ host: "127.0.0.1", port: simulator.port, username: "u", password: "p" }) });
    const client: RouterOsClient = await pool.get("r1");
    expect(client).toBeInstanceOf(RouterOsClient);
    await pool.closeAll();
  });
});
