/*
 * NetSphere's FreeRADIUS configuration against a real FreeRADIUS and Postgres (the Postgres stage only: this project
 * exists when TEST_DB_DRIVER=pg). Two ISPs, each with a NAS at its own loopback source address, rows written by
 * syncRadiusRouter; every packet goes to 127.0.0.1.
 */
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { connectPostgres, type Connection } from "@/lib/db/connect";
import { createPostgresTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertPlan, insertRouter } from "@/tests/support/network";
import { setUpRadiusDatabase, startFreeradius, type RunningFreeradius } from "@/tests/support/freeradius";
import { chapAttributes, radiusRequest, type RadiusAnswer } from "@/tests/support/radius-client";
import { encryptForRadius, radiusKey } from "@/lib/radius/crypto";
import { radiusAccounting, radiusNas, radiusPostAuth } from "@/lib/radius/schema";
import { syncRadiusRouter } from "@/lib/radius/sync";
import { markerOwner, type DesiredInput, type DesiredPlan, type DesiredSubscription } from "@/lib/provisioning/desired";
import type { Db } from "@/lib/db/types";

let database: { url: string; drop(): Promise<void> };
let conn: Connection;
let server: RunningFreeradius | undefined;
const isps: Record<"a" | "b", { tenantId: string; source: string; secret: string; plan: DesiredPlan }> = {} as never;
const subscriptionIds = { alice: randomUUID(), suspended: randomUUID(), terminated: randomUUID(), aliceB: randomUUID(), staticIp: randomUUID() };

async function addIsp(db: Db, name: string, source: string, secret: string, requireMessageAuth: boolean) {
  const { tenant } = await createTenantFixture(db, { name });
  const router = await insertRouter(db, tenant.id, { port: 8728, password: "unused" });
  const plan = await insertPlan(db, tenant.id, {
    name: `${name} Fiber`,
    downloadKbps: name.endsWith("A") ? 50_000 : 20_000,
    uploadKbps: name.endsWith("A") ? 25_000 : 10_000,
    addressPool: `pool-${name.at(-1)!.toLowerCase()}`,
  });
  await db.insert(radiusNas).values({
    tenantId: tenant.id,
    routerId: router.id,
    nasname: source,
    shortname: router.name,
    secret: encryptForRadius(secret, radiusKey()),
    requireMessageAuth,
  });
  return { tenantId: tenant.id, routerId: router.id, source, secret, plan };
}

function desired(tenantId: string, routerId: string, plan: DesiredPlan, subscriptions: DesiredSubscription[]): DesiredInput {
  return {
    owner: markerOwner("test", routerId),
    knownIds: { subscriptions: subscriptions.map((s) => s.id), vouchers: [] },
    plans: [plan],
    subscriptions,
    vouchers: [],
    queueNodes: [],
    pools: [],
    isolation: { mode: "address_list", profile: "isolated", addressList: "ns-isolated", rateLimit: "512k/512k" },
  };
}

const subscription = (id: string, username: string, password: string, planId: string, status: DesiredSubscription["status"]) =>
  ({ id, username, password, planId, status, staticIp: null, macAddress: null }) satisfies DesiredSubscription;

beforeAll(async () => {
  database = await createPostgresTestDatabase();
  conn = connectPostgres(database.url, 4);
  const a = await addIsp(conn.db, "Batangas Fiber A", "127.0.0.1", "secret-of-a", true);
  const b = await addIsp(conn.db, "Laguna Wireless B", "127.0.0.2", "secret-of-b", false);
  isps.a = a;
  isps.b = b;
  await syncRadiusRouter(conn.db, {
    tenantId: a.tenantId,
    radiusMode: true,
    input: desired(a.tenantId, a.routerId, a.plan, [
      subscription(subscriptionIds.alice, "alice", "alice-pass-a", a.plan.id, "active"),
      subscription(subscriptionIds.suspended, "bert", "bert-pass", a.plan.id, "suspended"),
      subscription(subscriptionIds.terminated, "carla", "carla-pass", a.plan.id, "terminated"),
      { ...subscription(subscriptionIds.staticIp, "dina", "dina-pass", a.plan.id, "active"), staticIp: "10.20.0.9" },
    ]),
  });
  await syncRadiusRouter(conn.db, {
    tenantId: b.tenantId,
    radiusMode: true,
    input: desired(b.tenantId, b.routerId, b.plan, [subscription(subscriptionIds.aliceB, "alice", "alice-pass-b", b.plan.id, "active")]),
  });
  const password = `radius-${randomUUID()}`;
  await setUpRadiusDatabase(database.url, password);
  server = await startFreeradius({ databaseUrl: database.url, radiusKey: radiusKey(), password, maxConnections: 4 });
}, 60_000);

afterAll(async () => {
  await server?.stop();
  await conn?.close();
  await database?.drop();
});

/** One request through Debian's radclient (from 127.0.0.1, ISP A's NAS); its printed answer. */
function radclient(port: number, secret: string, request: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile("radclient", ["-x", "-r", "1", "-t", "3", `127.0.0.1:${port}`, "auth", secret], (error, stdout) =>
      // radclient exits non-zero on a reject: the printed answer is what is checked.
      stdout ? resolve(stdout) : reject(error ?? new Error("radclient printed nothing")),
    );
    child.stdin!.end(request);
  });
}

const vendor = (answer: RadiusAnswer | null) => (answer?.attributes["Vendor-Specific"] ?? {}) as Record<string, string>;

function login(isp: "a" | "b", username: string, password: string, extra: Partial<Parameters<typeof radiusRequest>[0]> = {}) {
  return radiusRequest({
    port: server!.authPort,
    secret: isps[isp].secret,
    source: isps[isp].source,
    attributes: [
      ["User-Name", username],
      ["User-Password", password],
      ["NAS-Port-Type", "Ethernet"],
      ["Service-Type", "Framed-User"],
    ],
    ...extra,
  });
}

function accounting(isp: "a" | "b", status: string, attributes: [string, unknown][]) {
  return radiusRequest({
    port: server!.acctPort,
    secret: isps[isp].secret,
    source: isps[isp].source,
    code: "Accounting-Request",
    attributes: [["Acct-Status-Type", status], ["NAS-IP-Address", "192.168.88.1"], ...attributes],
  });
}

describe("FreeRADIUS on NetSphere's RADIUS tables", () => {
  it("accepts a synced subscriber by PAP with the plan's rate limit and pool", async () => {
    const answer = await login("a", "alice", "alice-pass-a");
    expect(answer?.code, server?.output()).toBe("Access-Accept");
    expect(vendor(answer)["Mikrotik-Rate-Limit"]).toMatch(/^25M\/50M/);
    expect(answer?.attributes["Framed-Pool"]).toBe("pool-a");
  });

  it("gives a subscriber with a static address both it (a user reply item) and the plan's rate and pool (the group's)", async () => {
    const answer = await login("a", "dina", "dina-pass");
    expect(answer?.code, server?.output()).toBe("Access-Accept");
    expect(answer?.attributes["Framed-IP-Address"]).toBe("10.20.0.9");
    expect(vendor(answer)["Mikrotik-Rate-Limit"]).toMatch(/^25M\/50M/);
    expect(answer?.attributes["Framed-Pool"]).toBe("pool-a");
  });

  it("accepts CHAP from the same stored password", async () => {
    const answer = await radiusRequest({
      port: server!.authPort,
      secret: isps.a.secret,
      source: isps.a.source,
      attributes: [["User-Name", "alice"], ...chapAttributes("alice-pass-a")],
    });
    expect(answer?.code).toBe("Access-Accept");
  });

  it("accepts MS-CHAPv1 from the same stored password (radclient computes the response), and rejects a wrong one", async () => {
    // radclient turns MS-CHAP-Password into MS-CHAP-Challenge and MS-CHAP-Response, as a PPPoE client's MS-CHAP login arrives.
    const answer = (password: string) =>
      radclient(server!.authPort, isps.a.secret, `User-Name = "alice"\nMS-CHAP-Password = "${password}"\nMessage-Authenticator = 0x00\n`);
    const accepted = await answer("alice-pass-a");
    expect(accepted, server?.output()).toMatch(/Received Access-Accept/);
    expect(accepted).toMatch(/Mikrotik-Rate-Limit = "25M\/50M/);
    expect(accepted).toMatch(/MS-CHAP-MPPE-Keys|MS-MPPE-Recv-Key/);
    expect(await answer("alice-pass-b")).toMatch(/Received Access-Reject/);
  });

  it("rejects a wrong password without the plan's attributes", async () => {
    const answer = await login("a", "alice", "not-her-password");
    expect(answer?.code).toBe("Access-Reject");
    expect(vendor(answer)["Mikrotik-Rate-Limit"]).toBeUndefined();
  });

  it("does not answer a NAS that uses the wrong secret", async () => {
    expect(await login("a", "alice", "alice-pass-a", { secret: "not-the-secret", tries: 2, timeoutMs: 1500 })).toBeNull();
  });

  it("does not answer an Access-Request without Message-Authenticator from a NAS that requires it", async () => {
    expect(await login("a", "alice", "alice-pass-a", { messageAuthenticator: false, tries: 2, timeoutMs: 1500 })).toBeNull();
    // ISP B's NAS does not require it.
    expect((await login("b", "alice", "alice-pass-b", { messageAuthenticator: false }))?.code).toBe("Access-Accept");
  });

  it("accepts a suspended subscriber into the isolation group, so it reaches the payment page", async () => {
    const answer = await login("a", "bert", "bert-pass");
    expect(answer?.code).toBe("Access-Accept");
    expect(vendor(answer)["Mikrotik-Address-List"]).toBe("ns-isolated");
    expect(vendor(answer)["Mikrotik-Rate-Limit"]).toBe("512k/512k");
  });

  it("rejects a terminated subscriber and an unknown one", async () => {
    expect((await login("a", "carla", "carla-pass"))?.code).toBe("Access-Reject");
    expect((await login("a", "nobody", "x"))?.code).toBe("Access-Reject");
  });

  it("gives each ISP its own subscriber of the same user name, by the NAS the request came from", async () => {
    const b = await login("b", "alice", "alice-pass-b");
    expect(b?.code).toBe("Access-Accept");
    expect(vendor(b)["Mikrotik-Rate-Limit"]).toMatch(/^10M\/20M/);
    expect(b?.attributes["Framed-Pool"]).toBe("pool-b");
    expect((await login("b", "alice", "alice-pass-a"))?.code).toBe("Access-Reject");
    expect((await login("a", "alice", "alice-pass-b"))?.code).toBe("Access-Reject");
  });

  it("logs every answer in radpostauth under the NAS's ISP, without the password", async () => {
    const rows = await conn.db.select().from(radiusPostAuth).where(eq(radiusPostAuth.tenantId, isps.b.tenantId));
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.pass === null)).toBe(true);
    expect(rows.map((row) => row.reply)).toContain("Access-Reject");
  });

  it("records a session's start, interim and stop in radacct under the ISP, and Simultaneous-Use refuses a second login meanwhile", async () => {
    const session = [
      ["User-Name", "alice"],
      ["Acct-Session-Id", "81a00001"],
      ["Framed-IP-Address", "10.10.0.5"],
      ["NAS-Port-Id", "pppoe-in"],
    ] as [string, unknown][];
    expect((await accounting("a", "Start", session))?.code, server?.output()).toBe("Accounting-Response");
    const rowOf = async () =>
      (
        await conn.db
          .select()
          .from(radiusAccounting)
          .where(and(eq(radiusAccounting.acctsessionid, "81a00001"), eq(radiusAccounting.username, "alice")))
      )[0];
    expect(await rowOf()).toMatchObject({ tenantId: isps.a.tenantId, nasipaddress: "127.0.0.1", framedipaddress: "10.10.0.5", acctstoptime: null });

    expect((await login("a", "alice", "alice-pass-a"))?.code).toBe("Access-Reject");
    // ISP B's alice is another subscriber: A's open session does not count for her.
    expect((await login("b", "alice", "alice-pass-b"))?.code).toBe("Access-Accept");

    const interim = [...session, ["Acct-Session-Time", 300], ["Acct-Input-Octets", 1000], ["Acct-Output-Octets", 5000], ["Acct-Output-Gigawords", 1]];
    expect((await accounting("a", "Interim-Update", interim as [string, unknown][]))?.code).toBe("Accounting-Response");
    expect(await rowOf()).toMatchObject({ acctsessiontime: 300, acctinputoctets: 1000, acctoutputoctets: 2 ** 32 + 5000 });

    const stop = [...interim, ["Acct-Terminate-Cause", "User-Request"]];
    expect((await accounting("a", "Stop", stop as [string, unknown][]))?.code).toBe("Accounting-Response");
    const stopped = await rowOf();
    expect(stopped.acctstoptime).not.toBeNull();
    expect(stopped.acctterminatecause).toBe("User-Request");
    expect((await login("a", "alice", "alice-pass-a"))?.code).toBe("Access-Accept");
  });

  it("closes the NAS's open sessions as NAS-Reboot on Accounting-On, and only that ISP's", async () => {
    for (const isp of ["a", "b"] as const)
      await accounting(isp, "Start", [
        ["User-Name", "alice"],
        ["Acct-Session-Id", `reboot-${isp}`],
      ]);
    expect((await accounting("a", "Accounting-On", []))?.code).toBe("Accounting-Response");
    const rows = await conn.db.select().from(radiusAccounting);
    const a = rows.find((row) => row.acctsessionid === "reboot-a")!;
    const b = rows.find((row) => row.acctsessionid === "reboot-b")!;
    expect(a).toMatchObject({ tenantId: isps.a.tenantId, acctterminatecause: "NAS-Reboot" });
    expect(a.acctstoptime).not.toBeNull();
    expect(b).toMatchObject({ tenantId: isps.b.tenantId, acctstoptime: null });
  });

  it("ignores a packet from an address that is no NAS", async () => {
    expect(
      await radiusRequest({
        port: server!.authPort,
        secret: "secret-of-a",
        source: "127.0.0.9",
        attributes: [
          ["User-Name", "alice"],
          ["User-Password", "alice-pass-a"],
        ],
        tries: 1,
        timeoutMs: 1500,
      }),
    ).toBeNull();
  });
});
