import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RouterOsClient } from "../client";
import { RouterOsRestClient } from "../rest";
import { RouterOsError, RouterOsTrapError } from "../errors";
import { startSimulator, type RunningSimulator } from "../simulator/server";
import { connectSession } from "../simulator/sessions";
import { hotspotActive, hotspotUserProfiles, hotspotUsers, kickHotspotSession } from "./hotspot";
import { addressList, ipPools } from "./ip";
import { interfaces, monitorTraffic, monitorTrafficOnce } from "./interfaces";
import { ping } from "./ping";
import { kickPppSession, pppActive, pppProfiles, pppSecrets } from "./ppp";
import { queueTree, simpleQueues } from "./queues";
import { systemHealth } from "./system";

let router: RunningSimulator;
let chr: RunningSimulator;
let api: RouterOsClient;
let chrApi: RouterOsClient;

async function connect(simulator: RunningSimulator): Promise<RouterOsClient> {
  const client = new RouterOsClient({ host: "127.0.0.1", port: simulator.port, username: "u", password: "p", timeoutMs: 2000 });
  await client.connect();
  return client;
}

beforeAll(async () => {
  router = await startSimulator({ username: "u", password: "p", version: "7.19.2", streamIntervalMs: 10 });
  chr = await startSimulator({ username: "u", password: "p", version: "6.49.10", router: { isChr: true, identity: "chr-lab" } });
  [api, chrApi] = await Promise.all([connect(router), connect(chr)]);
});

afterAll(async () => {
  await Promise.all([api.close(), chrApi.close()]);
  await Promise.all([router.stop(), chr.stop()]);
});

async function trapOf(promise: Promise<unknown>): Promise<RouterOsTrapError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(RouterOsTrapError);
  return error as RouterOsTrapError;
}

describe("PPP menus", () => {
  it("adds, reads typed, sets and removes secrets and profiles", async () => {
    const profileId = await pppProfiles.add(api, { name: "m-10M", rateLimit: "5M/10M", onlyOne: "yes", sessionTimeout: 3_600_000 });
    const [profile] = await pppProfiles.print(api, { queries: ["?name=m-10M"] });
    expect(profile).toMatchObject({
      id: profileId,
      name: "m-10M",
      rateLimit: { text: "5M/10M", upload: 5_000_000, download: 10_000_000 },
      onlyOne: "yes",
    });
    expect(profile.sessionTimeout).toBe(3_600_000);

    const id = await pppSecrets.add(api, { name: "08123456789", password: "pw", service: "pppoe", profile: "m-10M", disabled: false });
    const [secret] = await pppSecrets.print(api, { queries: ["?name=08123456789"] });
    expect(secret).toMatchObject({ id, name: "08123456789", profile: "m-10M", disabled: false, limitBytesIn: 0n });
    await pppSecrets.set(api, id, { disabled: true, comment: "suspended" });
    expect((await pppSecrets.print(api, { queries: [`?.id=${id}`] }))[0]).toMatchObject({ disabled: true, comment: "suspended" });
    const duplicate = await trapOf(pppSecrets.add(api, { name: "08123456789" }));
    expect(duplicate.trapMessage).toBe("failure: secret with the same name already exists");
    await pppSecrets.remove(api, id);
    expect(await pppSecrets.print(api, { queries: ["?name=08123456789"] })).toEqual([]);
  });

  it("refuses an add without its required input before sending anything", async () => {
    await expect(pppSecrets.add(api, {} as never)).rejects.toThrow(RangeError);
  });

  it("reads live sessions and kicks them by name, treating a vanished session as ended", async () => {
    await pppSecrets.add(api, { name: "kick-me", password: "pw" });
    connectSession(router.state, "kick-me", { callerId: "AA:BB:CC:00:00:09", address: "10.9.0.9" });
    router.advance(5);
    const [session] = await pppActive.print(api, { queries: ["?name=kick-me"] });
    expect(session).toMatchObject({ name: "kick-me", address: "10.9.0.9", callerId: "AA:BB:CC:00:00:09", uptime: 5000, radius: false });
    expect(await kickPppSession(api, "kick-me")).toBe(1);
    expect(await pppActive.print(api, { queries: ["?name=kick-me"] })).toEqual([]);
    expect(await kickPppSession(api, "kick-me")).toBe(0);

    connectSession(router.state, "kick-me", { callerId: "AA:BB:CC:00:00:09", address: "10.9.0.9" });
    router.setFaults({ trapOnce: { "/ppp/active/remove": "no such item" } });
    expect(await kickPppSession(api, "kick-me")).toBe(1);
  });
});

describe("hotspot menus", () => {
  it("manages users and profiles, logs a user in and kicks every shared login", async () => {
    await hotspotUserProfiles.add(api, { name: "m-day", rateLimit: "2M/5M", sharedUsers: 2, addMacCookie: false });
    const [profile] = await hotspotUserProfiles.print(api, { queries: ["?name=m-day"] });
    expect(profile).toMatchObject({ sharedUsers: 2, addMacCookie: false, rateLimit: { upload: 2_000_000, download: 5_000_000 } });
    const userId = await hotspotUsers.add(api, {
      name: "001234",
      password: "4821",
      profile: "m-day",
      limitUptime: 86_400_000,
      limitBytesTotal: 5_000_000_000n,
    });
    for (const ip of ["192.168.5.20", "192.168.5.21"]) {
      await api.write("/ip/hotspot/active/login", { user: "001234", password: "4821", ip, "mac-address": "DE:AD:BE:EF:00:01" });
    }
    router.advance(10);
    const active = await hotspotActive.print(api, { queries: ["?user=001234"] });
    expect(active).toHaveLength(2);
    expect(active[0]).toMatchObject({ user: "001234", uptime: 10_000, loginBy: "http-chap" });
    expect(active[0].bytesOut).toBeGreaterThan(0n);
    const [user] = await hotspotUsers.print(api, { queries: [`?.id=${userId}`] });
    expect(user).toMatchObject({ name: "001234", limitUptime: 86_400_000, limitBytesTotal: 5_000_000_000n, uptime: 20_000 });
    expect(await kickHotspotSession(api, "001234")).toBe(2);
    expect(await hotspotActive.print(api, { queries: ["?user=001234"] })).toEqual([]);
  });
});

describe("queues and lists", () => {
  it("writes simple queues as pairs and reads them back normalised", async () => {
    const id = await simpleQueues.add(api, { name: "m-q", target: ["10.0.0.8"], maxLimit: "5M/10M" });
    await simpleQueues.set(api, id, { limitAt: { upload: 1_000_000, download: 2_000_000 } });
    const [queue] = await simpleQueues.print(api, { queries: ["?name=m-q"] });
    expect(queue).toMatchObject({
      target: ["10.0.0.8/32"],
      maxLimit: { upload: 5_000_000, download: 10_000_000 },
      limitAt: { upload: 1_000_000, download: 2_000_000 },
      bytes: { upload: 0n, download: 0n },
      dynamic: false,
    });
  });

  it("writes queue tree entries as single numbers and checks the parent", async () => {
    await queueTree.add(api, { name: "m-down", parent: "global", maxLimit: "100M", priority: 1, packetMark: "down" });
    await queueTree.add(api, { name: "m-child", parent: "m-down", maxLimit: 20_000_000 });
    const rows = await queueTree.print(api, { queries: ["?name=m-down", "?name=m-child", "?#|"] });
    expect(rows.map((row) => [row.name, row.parent, row.maxLimit, row.priority, row.bytes])).toEqual([
      ["m-down", "global", 100_000_000, 1, 0n],
      ["m-child", "m-down", 20_000_000, 8, 0n],
    ]);
    const orphan = await trapOf(queueTree.add(api, { name: "m-orphan", parent: "nowhere" }));
    expect([orphan.trapMessage, orphan.category]).toEqual(["input does not match any value of parent", "1"]);
    const duplicate = await trapOf(queueTree.add(api, { name: "m-down", parent: "global" }));
    expect(duplicate.trapMessage).toBe("failure: already have such name");
  });

  it("adds address-list entries with and without timeout, and pools", async () => {
    await addressList.add(api, { list: "isolir", address: "10.0.0.50" });
    await addressList.add(api, { list: "trial", address: "10.0.0.51", timeout: 60_000 });
    router.advance(15);
    const entries = await addressList.print(api, { queries: ["?address=10.0.0.50", "?address=10.0.0.51", "?#|"] });
    expect(entries.map((entry) => [entry.list, entry.dynamic, entry.timeout])).toEqual([
      ["isolir", false, undefined],
      ["trial", true, 45_000],
    ]);
    expect(entries[0].creationTime?.year).toBe(2026);
    const duplicate = await trapOf(addressList.add(api, { list: "isolir", address: "10.0.0.50" }));
    expect(duplicate.trapMessage).toBe("failure: already have such entry");

    const poolId = await ipPools.add(api, { name: "m-pool", ranges: ["10.50.0.2-10.50.0.254"] });
    await ipPools.set(api, poolId, { nextPool: "m-pool" });
    expect((await ipPools.print(api, { queries: ["?name=m-pool"] }))[0]).toMatchObject({ ranges: ["10.50.0.2-10.50.0.254"], nextPool: "m-pool" });
    await ipPools.remove(api, poolId);
    expect(await ipPools.print(api, { queries: ["?name=m-pool"] })).toEqual([]);
  });
});

describe("interfaces and traffic", () => {
  it("reads counters as bigint and monitors traffic once and as a stream", async () => {
    await pppSecrets.add(api, { name: "m-traffic", password: "pw" });
    connectSession(router.state, "m-traffic", {
      callerId: "AA:00:00:00:00:01",
      address: "10.9.1.1",
      uploadBytesPerSecond: 1000,
      downloadBytesPerSecond: 4000,
    });
    router.advance(2);
    const [pppoe] = await interfaces.print(api, { queries: ["?name=<pppoe-m-traffic>"] });
    expect(pppoe).toMatchObject({ type: "pppoe-in", dynamic: true, rxByte: 2000n, txByte: 8000n, running: true });
    await interfaces.set(api, "ether2", { comment: "uplink-b" });
    expect((await interfaces.print(api, { queries: ["?name=ether2"] }))[0].comment).toBe("uplink-b");

    const once = await monitorTrafficOnce(api, ["ether1", "<pppoe-m-traffic>"]);
    expect(once.map((row) => [row.name, row.rxBitsPerSecond, row.txBitsPerSecond])).toEqual([
      ["ether1", expect.any(Number), expect.any(Number)],
      ["<pppoe-m-traffic>", 8000, 32_000],
    ]);
    const samples: number[] = [];
    for await (const sample of monitorTraffic(api, "<pppoe-m-traffic>")) {
      samples.push(sample.txBitsPerSecond);
      if (samples.length === 3) break;
    }
    expect(samples).toEqual([32_000, 32_000, 32_000]);
    expect(await monitorTrafficOnce(api, [])).toEqual([]);
  });
});

describe("ping", () => {
  it("returns each echo and a summary, with losses and timeouts", async () => {
    const ok = await ping(api, { address: "10.0.0.1", count: 3, size: 100 });
    expect(ok.replies.map((reply) => [reply.seq, reply.size, reply.ttl])).toEqual([
      [0, 100, 64],
      [1, 100, 64],
      [2, 100, 64],
    ]);
    expect(ok.summary).toMatchObject({ sent: 3, received: 3, lossPercent: 0 });
    expect(ok.summary.minRttMs).toBeGreaterThan(0);
    expect(ok.summary.minRttMs!).toBeLessThanOrEqual(ok.summary.avgRttMs!);
    expect(ok.summary.avgRttMs!).toBeLessThanOrEqual(ok.summary.maxRttMs!);

    const lossy = await ping(api, { address: "198.51.100.7", count: 4 });
    expect(lossy.replies.map((reply) => reply.status ?? "ok")).toEqual(["ok", "timeout", "ok", "timeout"]);
    expect(lossy.summary).toMatchObject({ sent: 4, received: 2, lossPercent: 50 });

    const dead = await ping(api, { address: "192.0.2.1", count: 2 });
    expect(dead.summary).toEqual({ sent: 2, received: 0, lossPercent: 100, minRttMs: null, avgRttMs: null, maxRttMs: null });
  });

  it("refuses counts outside 1..10 without asking the router", async () => {
    const before = router.metrics().commandsByPath["/ping"] ?? 0;
    await expect(ping(api, { address: "10.0.0.1", count: 11 })).rejects.toThrow(RangeError);
    await expect(ping(api, { address: "10.0.0.1", count: 0 })).rejects.toThrow(RangeError);
    expect(router.metrics().commandsByPath["/ping"] ?? 0).toBe(before);
  });
});

describe("systemHealth", () => {
  it("reads identity, resource and board", async () => {
    router.advance(60);
    const health = await systemHealth(api);
    expect(health.identity).toBe("MikroTik");
    expect(health.resource.version).toBe("7.19.2 (stable)");
    expect(health.resource.uptime).toBeGreaterThanOrEqual(60_000);
    expect(health.resource.cpuLoad).toBeGreaterThanOrEqual(0);
    expect(health.routerboard).toMatchObject({ routerboard: true, model: "RB4011iGS+" });
  });

  it("reports no board on CHR instead of failing", async () => {
    const health = await systemHealth(chrApi);
    expect(health).toMatchObject({ identity: "chr-lab", routerboard: null, resource: { boardName: "CHR", version: "6.49.10 (long-term)" } });
    expect(health.resource.buildTime).toMatchObject({ year: 2025, month: 10 });
  });

  it("works the same over REST, CHR's missing board included", async () => {
    const restChr = await startSimulator({ username: "u", password: "p", version: "7.16.1", restPort: 0, router: { isChr: true } });
    const rest = new RouterOsRestClient({
      host: "127.0.0.1",
      restPort: restChr.restPort,
      tlsFingerprint: restChr.certificateFingerprint,
      username: "u",
      password: "p",
    });
    await rest.connect();
    expect(await systemHealth(rest)).toMatchObject({ routerboard: null, resource: { boardName: "CHR", version: "7.16.1 (stable)" } });
    const id = await pppSecrets.add(rest, { name: "rest-user", password: "pw" });
    connectSession(restChr.state, "rest-user", { callerId: "AA:BB:CC:00:00:10", address: "10.9.9.10" });
    expect(await kickPppSession(rest, "rest-user")).toBe(1);
    await pppSecrets.remove(rest, id);
    await expect(pppSecrets.remove(rest, id)).rejects.toThrow(/no such item/);
    await rest.close();
    await restChr.stop();
  });

  it("names the property when a router sends a value it can't read", () => {
    expect(() => pppActive.read({ ".id": "*1", name: "x", uptime: "soon" })).toThrow(RouterOsError);
    expect(() => pppActive.read({ ".id": "*1" })).toThrow(/without name/);
  });
});
