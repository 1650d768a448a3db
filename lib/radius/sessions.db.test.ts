import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertRouter } from "@/tests/support/network";
import { radiusAccounting, radiusNas, radiusPostAuth } from "@/lib/radius/schema";
import { encryptForRadius } from "@/lib/radius/crypto";
import { radiusAddressUses, radiusLoginAttemptsOf, radiusSessionsOf } from "@/lib/radius/sessions";
import { mergeAddressUses } from "@/lib/ipam/sessions";
import { clock } from "@/lib/core/clock";

let conn: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => conn?.close());

/** Instants before one fixed "now" per test, so the same minute compares equal wherever it is built. */
const before = (now: Date) => (minutes: number) => new Date(now.getTime() - minutes * 60_000);

async function ispWithNas(name: string, nasname: string) {
  const { tenant } = await createTenantFixture(conn.db, { name });
  const router = await insertRouter(conn.db, tenant.id, { port: 1, password: "x", name: `${name} POP` });
  await conn.db.insert(radiusNas).values({ tenantId: tenant.id, routerId: router.id, nasname, shortname: "r", secret: encryptForRadius("s") });
  routerOf.set(tenant.id, router.id);
  return tenant.id;
}
const routerOf = new Map<string, string>();

async function session(tenantId: string, values: Partial<typeof radiusAccounting.$inferInsert> & { nasipaddress: string }) {
  const id = randomUUID();
  await conn.db.insert(radiusAccounting).values({ tenantId, acctsessionid: id.slice(0, 8), acctuniqueid: id, username: "juan", ...values });
}

describe("a subscriber's RADIUS sessions and logins", () => {
  it("lists the open session first, then the ended ones newest first, in words staff understand", async () => {
    const ago = before(clock.now());
    const tenantId = await ispWithNas("Balayan Fiber", "127.0.41.1");
    const other = await ispWithNas("Tuy Net", "127.0.41.2");
    await session(tenantId, {
      nasipaddress: "127.0.41.1",
      acctstarttime: ago(600),
      acctstoptime: ago(500),
      acctsessiontime: 6000,
      acctterminatecause: "Lost-Carrier",
      framedipaddress: "100.64.0.7",
      acctinputoctets: 1_000,
      acctoutputoctets: 9_000,
    });
    await session(tenantId, { nasipaddress: "127.0.41.1", acctstarttime: ago(400), acctstoptime: ago(300), acctterminatecause: "Stale-Session" });
    // A NAS address no longer in RADIUS mode keeps its address as the router's name.
    await session(tenantId, {
      nasipaddress: "127.0.41.9",
      acctstarttime: ago(30),
      acctupdatetime: ago(2),
      framedipaddress: "100.64.0.8",
      callingstationid: "AA:BB:CC:00:11:22",
    });
    // The same user name at another ISP is another subscriber.
    await session(other, { nasipaddress: "127.0.41.2", acctstarttime: ago(1) });

    const sessions = await radiusSessionsOf(conn.db, { tenantId, username: "juan" });
    expect(sessions.map((s) => [s.router, s.address, s.endedBecause])).toEqual([
      ["127.0.41.9", "100.64.0.8", null],
      ["Balayan Fiber POP", null, "the router stopped reporting it (closed by NetSphere)"],
      ["Balayan Fiber POP", "100.64.0.7", "the line dropped"],
    ]);
    expect(sessions[0]).toMatchObject({ endedAt: null, lastHeardAt: ago(2), device: "AA:BB:CC:00:11:22" });
    // Download is what the router sent to the subscriber.
    expect(sessions[2]).toMatchObject({ downloadBytes: 9_000, uploadBytes: 1_000, seconds: 6000 });
    expect(await radiusSessionsOf(conn.db, { tenantId, username: "juan", limit: 1 })).toHaveLength(1);
    expect(await radiusSessionsOf(conn.db, { tenantId, username: "pedro" })).toEqual([]);
  });

  it("lists logins accepted and rejected, newest first, for this ISP only", async () => {
    const ago = before(clock.now());
    const tenantId = await ispWithNas("Calaca Wave", "127.0.41.3");
    const other = await ispWithNas("Lemery Air", "127.0.41.4");
    await conn.db.insert(radiusPostAuth).values([
      { tenantId, username: "juan", reply: "Access-Accept", authdate: ago(10), callingstationid: "AA:BB:CC:00:11:22" },
      { tenantId, username: "juan", reply: "Access-Reject", authdate: ago(5), callingstationid: "AA:BB:CC:00:11:22" },
      { tenantId: other, username: "juan", reply: "Access-Reject", authdate: ago(1) },
    ]);
    expect(await radiusLoginAttemptsOf(conn.db, { tenantId, username: "juan" })).toEqual([
      { at: ago(5), accepted: false, device: "AA:BB:CC:00:11:22" },
      { at: ago(10), accepted: true, device: "AA:BB:CC:00:11:22" },
    ]);
  });
});

describe("who had an address, by RADIUS accounting", () => {
  it("names the sessions that had it (exact start and stop), at an instant or the latest, and only the ISP's own", async () => {
    const now = clock.now();
    const ago = before(now);
    const tenantId = await ispWithNas("Lian Wireless", "127.0.42.1");
    const other = await ispWithNas("Calaca Net", "127.0.42.2");
    await session(tenantId, {
      nasipaddress: "127.0.42.1",
      username: "ana",
      framedipaddress: "100.64.5.9",
      acctstarttime: ago(300),
      acctstoptime: ago(200),
      callingstationid: "AA:00:00:00:00:01",
    });
    await session(tenantId, {
      nasipaddress: "127.0.42.1",
      username: "ben",
      framedipaddress: "100.64.5.9",
      acctstarttime: ago(100),
      nasporttype: "Wireless-802.11",
    });
    await session(other, { nasipaddress: "127.0.42.2", username: "cy", framedipaddress: "100.64.5.9", acctstarttime: ago(50) });

    const latest = await radiusAddressUses(conn.db, { tenantId, address: "100.64.5.9" });
    expect(latest.map((u) => [u.username, u.source, u.routerId, u.endedAt === null])).toEqual([
      ["ben", "hotspot", routerOf.get(tenantId), true],
      ["ana", "ppp", routerOf.get(tenantId), false],
    ]);
    expect((await radiusAddressUses(conn.db, { tenantId, address: "100.64.5.9", at: ago(250) })).map((u) => u.username)).toEqual(["ana"]);
    expect(await radiusAddressUses(conn.db, { tenantId, address: "100.64.5.9", at: ago(150) })).toEqual([]);
    expect(await radiusAddressUses(conn.db, { tenantId, address: "not an address" })).toEqual([]);

    // The poller saw ana's session a minute late and lost it a minute late: the exact one replaces it; others stay.
    const polled = [
      { source: "ppp" as const, username: "ana", routerId: routerOf.get(tenantId)!, callerId: "", startedAt: ago(299), endedAt: ago(199) },
      {
        source: "dhcp" as const,
        username: "",
        routerId: routerOf.get(tenantId)!,
        callerId: "AA:00:00:00:00:09",
        startedAt: ago(600),
        endedAt: ago(500),
      },
    ];
    expect(mergeAddressUses(polled, latest).map((u) => [u.username || u.callerId, u.startedAt])).toEqual([
      ["ben", ago(100)],
      ["ana", ago(300)],
      ["AA:00:00:00:00:09", ago(600)],
    ]);
  });
});
