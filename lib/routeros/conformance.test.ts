import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RouterOsApi } from "./api";
import type { RouterOsClientOptions } from "./client";
import { RouterOsError, RouterOsTrapError } from "./errors";
import { startSimulator, type RunningSimulator } from "./simulator/server";
import { connectSession } from "./simulator/sessions";
import { createRouterOsApi } from "./transports";
import { parseRouterDate } from "./values";

/*
 * The same client behaviour over every transport: the binary API on TCP and TLS, and REST, against a
 * 6.49 router (no `!empty`, `jan/05/2026` dates, no REST) and a 7.19 one (`!empty`, ISO dates, REST).
 */
const simulators: Record<"v6" | "v7", RunningSimulator> = {} as never;

beforeAll(async () => {
  const common = { username: "netsphere", password: "s3cret", streamIntervalMs: 10, tlsPort: 0 };
  simulators.v6 = await startSimulator({ ...common, version: "6.49.10" });
  simulators.v7 = await startSimulator({ ...common, version: "7.19.2", restPort: 0, restTimeoutMs: 300 });
});

afterAll(async () => {
  await Promise.all(Object.values(simulators).map((simulator) => simulator.stop()));
});

type Case = { label: string; version: "v6" | "v7"; options: (simulator: RunningSimulator) => Partial<RouterOsClientOptions> };

const cases: Case[] = [
  { label: "api 6.49", version: "v6", options: (s) => ({ port: s.port }) },
  { label: "api 7.19", version: "v7", options: (s) => ({ port: s.port }) },
  { label: "api-ssl 6.49 (pinned)", version: "v6", options: (s) => ({ port: s.tlsPort, tls: true, tlsFingerprint: s.certificateFingerprint }) },
  { label: "api-ssl 7.19 (trusted CA)", version: "v7", options: (s) => ({ port: s.tlsPort, tls: true, tlsOptions: { ca: s.certificate } }) },
  {
    label: "rest 7.19 (pinned)",
    version: "v7",
    options: (s) => ({ transport: "rest", restPort: s.restPort, tlsFingerprint: s.certificateFingerprint, restPollIntervalMs: 10 }),
  },
];

describe.each(cases)("$label", ({ label, version, options }) => {
  let api: RouterOsApi;
  let simulator: RunningSimulator;
  // Names unique per case: the cases share two routers.
  const name = (base: string) => `${base}-${label.replace(/\W+/g, "-")}`;

  beforeAll(async () => {
    simulator = simulators[version];
    api = createRouterOsApi({ host: "127.0.0.1", username: "netsphere", password: "s3cret", timeoutMs: 2000, ...options(simulator) });
    await api.connect();
  });

  afterAll(async () => {
    await api.close();
  });

  it("reports the transport and, over TLS, the certificate it saw", () => {
    expect(api.connected).toBe(true);
    const secure = label.includes("ssl") || label.startsWith("rest");
    expect(api.peerFingerprint).toBe(secure ? simulator.certificateFingerprint : undefined);
    expect(api.transport).toBe(label.startsWith("rest") ? "rest" : "api");
  });

  it("adds with the new id, refuses a duplicate with RouterOS's text, and reads rows as strings", async () => {
    const added = await api.write("/ppp/secret/add", { name: name("007"), password: "pw", service: "pppoe" });
    expect(added.ret).toMatch(/^\*[0-9A-F]+$/);
    const duplicate = await api.write("/ppp/secret/add", { name: name("007") }).catch((error: unknown) => error);
    expect(duplicate).toBeInstanceOf(RouterOsTrapError);
    expect((duplicate as RouterOsTrapError).trapMessage).toBe("failure: secret with the same name already exists");
    const { rows } = await api.write("/ppp/secret/print", { ".proplist": ".id,name,disabled,limit-bytes-in" }, [`?name=${name("007")}`]);
    expect(rows).toEqual([{ ".id": added.ret, name: name("007"), disabled: "false", "limit-bytes-in": "0" }]);
  });

  it("returns no rows for an empty print whether or not the router sends !empty", async () => {
    expect(await api.write("/ppp/active/print", { ".proplist": ".id,name" }, ["?name=nobody"])).toEqual({ rows: [] });
  });

  it("evaluates query stacks and count-only", async () => {
    for (const letter of ["a", "b", "c"]) await api.write("/ppp/secret/add", { name: name(`q-${letter}`), comment: name(`c-${letter}`) });
    const { rows } = await api.write("/ppp/secret/print", { ".proplist": "name" }, [`?comment=${name("c-a")}`, `?comment=${name("c-c")}`, "?#|"]);
    expect(rows.map((row) => row.name)).toEqual([name("q-a"), name("q-c")]);
    const counted = await api.write("/ppp/secret/print", { "count-only": "" }, [`?comment=${name("c-a")}`, `?comment=${name("c-b")}`, "?#|!"]);
    expect(counted).toEqual({ rows: [], ret: String(Number((await api.write("/ppp/secret/print", { "count-only": "" })).ret) - 2) });
  });

  it("sets and removes by id; a second remove is `no such item`", async () => {
    const { ret: id = "" } = await api.write("/ip/pool/add", { name: name("pool"), ranges: "10.77.0.2-10.77.0.9" });
    await api.write("/ip/pool/set", { ".id": id, ranges: "10.77.0.2-10.77.0.99" });
    expect((await api.write("/ip/pool/print", {}, [`?.id=${id}`])).rows[0].ranges).toBe("10.77.0.2-10.77.0.99");
    await api.write("/ip/pool/remove", { ".id": id });
    const again = await api.write("/ip/pool/remove", { ".id": id }).catch((error: unknown) => error);
    expect((again as RouterOsTrapError).trapMessage).toBe("no such item");
  });

  it("reads values back the way the router normalises them", async () => {
    await api.write("/queue/simple/add", { name: name("q"), target: "10.0.0.8", "max-limit": "300M/150M" });
    const [queue] = (await api.write("/queue/simple/print", { ".proplist": "target,max-limit" }, [`?name=${name("q")}`])).rows;
    expect(queue).toEqual({ target: "10.0.0.8/32", "max-limit": "300000000/150000000" });
  });

  it("prints dates in the version's format", async () => {
    await api.write("/ppp/secret/add", { name: name("dated"), password: "pw" });
    const { activeId } = connectSession(simulator.state, name("dated"), { callerId: "AA:BB:CC:00:00:01", address: "10.0.0.2" }) as {
      activeId: string;
    };
    await api.write("/ppp/active/remove", { ".id": activeId });
    const [row] = (await api.write("/ppp/secret/print", { ".proplist": "last-logged-out" }, [`?name=${name("dated")}`])).rows;
    expect(row["last-logged-out"]).toMatch(version === "v6" ? /^[a-z]{3}\/\d{2}\/\d{4} \d{2}:\d{2}:\d{2}$/ : /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(parseRouterDate(row["last-logged-out"])).toMatchObject({ year: 2026, month: 1 });
  });

  it("refuses every badly typed value with RouterOS's trap, over every transport", async () => {
    const cases: [command: string, attributes: Record<string, string>, message: string][] = [
      ["/ppp/secret/add", { name: name("t-enum"), service: "bogus" }, "input does not match any value of service"],
      ["/ppp/secret/add", { name: name("t-ip"), "remote-address": "banana" }, "input does not match any value of remote-address"],
      ["/ppp/secret/add", { name: name("t-flag"), disabled: "maybe" }, "input does not match any value of disabled"],
      ["/ppp/secret/add", { name: name("t-bytes"), "limit-bytes-in": "lots" }, "input does not match any value of limit-bytes-in"],
      ["/ppp/secret/add", { name: name("t-ref"), profile: "no-such-profile" }, "input does not match any value of profile"],
      ["/ppp/profile/add", { name: name("t-yesno"), "only-one": "perhaps" }, "input does not match any value of only-one"],
      ["/ppp/profile/add", { name: name("t-pool"), "remote-address": "banana" }, "input does not match any value of remote-address"],
      ["/ppp/profile/add", { name: name("t-rate"), "rate-limit": "fast" }, "input does not match any value of rate-limit"],
      ["/ppp/profile/add", { name: name("t-time"), "session-timeout": "soon" }, "input does not match any value of session-timeout"],
      ["/queue/simple/add", { name: name("t-max"), target: "10.0.0.9", "max-limit": "fast" }, "input does not match any value of max-limit"],
      ["/queue/simple/add", { name: name("t-target"), target: "<pppoe-nobody>" }, "input does not match any value of target"],
      ["/ppp/secret/add", { password: "pw" }, "failure: missing value of name"],
    ];
    for (const [command, attributes, message] of cases) {
      const error = await api.write(command, attributes).catch((caught: unknown) => caught);
      expect(error, `${command} ${JSON.stringify(attributes)}`).toBeInstanceOf(RouterOsTrapError);
      expect((error as RouterOsTrapError).trapMessage).toBe(message);
      // REST carries the trap's text but no category (ROUTEROS.md §6).
      if (!label.startsWith("rest")) expect((error as RouterOsTrapError).category).toBe("1");
    }
    expect((await api.write("/ppp/secret/print", { "count-only": "" }, [`?name=${name("t-enum")}`])).ret).toBe("0");
  });

  it("refuses an unknown command with `no such command`", async () => {
    const error = await api.write("/ppp/nonsense/print").catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RouterOsTrapError);
    expect((error as RouterOsTrapError).trapMessage).toBe("no such command or directory (nonsense)");
  });

  it("monitors traffic once and as a stream that stops when the loop ends", async () => {
    const { rows } = await api.write("/interface/monitor-traffic", { interface: "ether1,ether2", once: "" });
    expect(rows.map((row) => row.name)).toEqual(["ether1", "ether2"]);
    const seen: string[] = [];
    for await (const row of api.stream("/interface/monitor-traffic", { interface: "ether1" })) {
      seen.push(row.name);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual(["ether1", "ether1"]);
    expect((await api.write("/system/identity/print")).rows).toEqual([{ name: "MikroTik" }]);
  });

  it("rejects commands after close", async () => {
    const second = createRouterOsApi({ host: "127.0.0.1", username: "netsphere", password: "s3cret", timeoutMs: 2000, ...options(simulator) });
    await second.connect();
    await second.close();
    expect(second.connected).toBe(false);
    const error = await second.write("/system/identity/print").catch((caught: unknown) => caught);
    expect((error as RouterOsError).kind).toBe("connection");
  });
});
