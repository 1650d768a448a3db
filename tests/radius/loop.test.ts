/*
 * RADIUS mode end to end on loopback, every piece real: our Postgres, FreeRADIUS on NetSphere's configuration, the
 * RouterOS simulator as the NAS (its PPPoE logins are Access-Requests, its sessions send accounting, its /radius
 * incoming answers CoA and Disconnect), and NetSphere's own functions: enableRadius, reconcileRouter, suspension
 * and reactivation, a plan's new speed. What is checked is what an ISP would see on the router and in radacct.
 */
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { and, eq, isNull } from "drizzle-orm";
import { connectPostgres, type Connection } from "@/lib/db/connect";
import { createPostgresTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { setUpRadiusDatabase, startFreeradius, type RunningFreeradius } from "@/tests/support/freeradius";
import { decryptForRadius, radiusKey } from "@/lib/radius/crypto";
import { radiusAccounting } from "@/lib/radius/schema";
import { enableRadius } from "@/lib/radius/nas";
import { radiusNasOf } from "@/lib/radius/sync";
import { radiusLoginAttemptsOf, radiusSessionsOf } from "@/lib/radius/sessions";
import { reconcileRouter } from "@/lib/provisioning/reconcile";
import { drainReconciles, requestReconcileForPlan } from "@/lib/provisioning/trigger";
import { reactivateSubscriptions, suspendSubscriptions } from "@/lib/provisioning/suspension";
import { getPlan, updatePlan } from "@/lib/plans/service";
import { rateLimitOf, type PlanFields } from "@/lib/plans/rules";
import { actorOf, type TenantActor } from "@/lib/audit/record";
import { releaseRouter } from "@/lib/routers/access";
import { RouterOsClient } from "@/lib/routeros/client";
import { startSimulator, type RunningSimulator } from "@/lib/routeros/simulator/server";
import { tableOf } from "@/lib/routeros/simulator/router-state";

/** Where routers send RADIUS: known only once FreeRADIUS has its ports (env() is read once per process, so it is mocked). */
const radiusEnv = vi.hoisted(() => ({ RADIUS_SERVER_ADDRESS: "127.0.0.1", RADIUS_AUTH_PORT: 1812, RADIUS_ACCT_PORT: 1813 }));
vi.mock("@/lib/core/env", async (importOriginal) => {
  const original = await importOriginal<typeof import("@/lib/core/env")>();
  return { ...original, env: () => ({ ...original.env(), ...radiusEnv }) };
});

const API_PASSWORD = "router-api-pass";
const USERNAME = "alice";

let database: { url: string; drop(): Promise<void> };
let conn: Connection;
let freeradius: RunningFreeradius | undefined;
let sim: RunningSimulator;
let api: RouterOsClient;
let actor: TenantActor;
let tenantId: string;
let routerId: string;
let planId: string;
let subscriptionId: string;
let isolation: { addressList: string; rateLimit: string };

beforeAll(async () => {
  database = await createPostgresTestDatabase();
  conn = connectPostgres(database.url, 6);
  const password = `radius-${randomUUID()}`;
  await setUpRadiusDatabase(database.url, password);
  freeradius = await startFreeradius({ databaseUrl: database.url, radiusKey: radiusKey(), password, maxConnections: 4 });
  radiusEnv.RADIUS_AUTH_PORT = freeradius.authPort;
  radiusEnv.RADIUS_ACCT_PORT = freeradius.acctPort;

  // A subscriber's CPE redials a second (virtual) after a kick or Disconnect.
  sim = await startSimulator({
    username: "api",
    password: API_PASSWORD,
    radiusIncomingPort: 0,
    router: { identity: "nas-loop", reconnectAfterSeconds: 1 },
  });
  api = new RouterOsClient({ host: "127.0.0.1", port: sim.port, username: "api", password: API_PASSWORD });
  await api.connect();

  const { tenant, ctx } = await createTenantFixture(conn.db, { name: "Batangas Fiber" });
  tenantId = tenant.id;
  actor = actorOf(ctx.admin);
  isolation = { addressList: tenant.isolationAddressList, rateLimit: tenant.isolationRateLimit };
  const router = await insertRouter(conn.db, tenantId, { port: sim.port, password: API_PASSWORD, name: "Lipa POP" });
  routerId = router.id;
  const plan = await insertPlan(conn.db, tenantId, { name: "Fiber 50", downloadKbps: 50_000, uploadKbps: 25_000 });
  planId = plan.id;
  ({
    subscription: { id: subscriptionId },
  } = await insertSubscriber(conn.db, tenantId, { planId, routerId, username: USERNAME }));
}, 90_000);

afterAll(async () => {
  await drainReconciles();
  await releaseRouter(routerId).catch(() => undefined);
  await api?.close();
  await sim?.stop();
  await freeradius?.stop();
  await conn?.close();
  await database?.drop();
});

const rows = async (path: string, query: string[] = []) => (await api.write(`${path}/print`, {}, query)).rows;
const queueOf = async (name: string) => (await rows("/queue/simple", [`?name=<pppoe-${name}>`]))[0];
const activeOf = async (name: string) => (await rows("/ppp/active", [`?name=${name}`]))[0];
/** Whether NetSphere ended a session through the API since the last resetMetrics (the fallback when RADIUS is not answered). */
const kickedByApi = () => (sim.metrics().commandsByPath["/ppp/active/remove"] ?? 0) > 0;
const accountingOf = () => conn.db.select().from(radiusAccounting).where(eq(radiusAccounting.username, USERNAME)).orderBy(radiusAccounting.radacctid);
const openAccounting = () =>
  conn.db
    .select()
    .from(radiusAccounting)
    .where(and(eq(radiusAccounting.username, USERNAME), isNull(radiusAccounting.acctstoptime)));

/** A plan rate ("25M/50M") as the router prints a queue's max-limit (upload/download in bits per second). */
const maxLimit = (rate: string) =>
  rate
    .split(" ")[0]
    .split("/")
    .map((part) => String(Number.parseFloat(part) * { k: 1e3, M: 1e6, G: 1e9 }[part.at(-1) as "k" | "M" | "G"]!))
    .join("/");

/** The CPE dials again (the virtual clock moves a second at a time) until the router shows its session. */
async function sessionBack(previousId?: string) {
  return vi.waitFor(
    async () => {
      sim.advance(1);
      const active = await activeOf(USERNAME);
      if (!active || active[".id"] === previousId) throw new Error(`no new session for ${USERNAME}: ${sim.radiusLog().join("; ")}`);
      return active;
    },
    { timeout: 15_000, interval: 200 },
  );
}

/** radacct caught up with the router: one open row for the live session, by its Acct-Session-Id. */
async function openRowFor(active: Record<string, string>) {
  const sessionId = active["session-id"]!.replace(/^0x/, "");
  return vi.waitFor(
    async () => {
      const open = await openAccounting();
      if (open.length !== 1 || open[0].acctsessionid !== sessionId)
        throw new Error(`radacct open rows: ${JSON.stringify(open.map((r) => r.acctsessionid))}`);
      return open[0];
    },
    { timeout: 10_000, interval: 100 },
  );
}

async function setPlanSpeed(downloadKbps: number, uploadKbps: number) {
  const plan = await getPlan(conn.db, { tenantId, planId });
  // The plan as saved, with the new speed: what the plan form sends back.
  await updatePlan(conn.db, actor, { planId, input: { ...(plan as PlanFields), downloadKbps, uploadKbps } });
  // As the plan form's action does after saving.
  await requestReconcileForPlan(conn.db, { tenantId, planId });
  await drainReconciles();
}

describe("RADIUS mode on loopback: NetSphere, FreeRADIUS and a simulated router", () => {
  it("switching the router to RADIUS gives it our /radius side and no secret of ours, and a second reconcile changes nothing", async () => {
    await enableRadius(conn.db, actor, {
      routerId,
      nasAddress: "127.0.0.1",
      coaPort: sim.radiusIncomingPort!,
      interimSeconds: 60,
      requireMessageAuth: true,
    });
    // enableRadius asks for a reconcile in the background, as the page does.
    await drainReconciles();
    const nas = (await radiusNasOf(conn.db, { tenantId, routerId }))!;

    const [entry, ...others] = tableOf(sim.state, "radius");
    expect(others).toEqual([]);
    expect(entry.props).toMatchObject({
      address: "127.0.0.1",
      secret: decryptForRadius(nas.secret),
      "authentication-port": String(freeradius!.authPort),
      "accounting-port": String(freeradius!.acctPort),
    });
    expect(entry.props.service?.split(",")).toContain("ppp");
    expect((await rows("/ppp/aaa"))[0]).toMatchObject({ "use-radius": "yes", accounting: "yes" });
    expect((await rows("/radius/incoming"))[0]).toMatchObject({ accept: "yes", port: String(sim.radiusIncomingPort) });
    expect(await rows("/ppp/secret")).toEqual([]);

    sim.resetMetrics();
    const second = await reconcileRouter(conn.db, { tenantId, routerId, trigger: "manual" });
    expect(second.status).toBe("succeeded");
    const writes = Object.keys(sim.metrics().commandsByPath).filter((path) => /\/(add|set|remove|unset|enable|disable)$/.test(path));
    expect(writes).toEqual([]);
  });

  it("the subscriber's CPE logs in through FreeRADIUS with the plan's rate, and radacct opens a row under the ISP", async () => {
    sim.addRadiusCpe(USERNAME, `pw-${USERNAME}`);
    // A mistyped password first: FreeRADIUS rejects it, and the subscriber's page lists the rejected login.
    expect(await sim.dialPppoe(USERNAME, { password: "mistyped" })).toMatchObject({ ok: false });
    const dial = await sim.dialPppoe(USERNAME, { password: `pw-${USERNAME}` });
    expect(dial, sim.radiusLog().join("\n")).toMatchObject({ ok: true });
    const active = (await activeOf(USERNAME))!;
    expect(active.radius).toBe("true");
    expect((await queueOf(USERNAME))?.["max-limit"]).toBe(maxLimit("25M/50M"));
    const row = await openRowFor(active);
    expect(row).toMatchObject({ tenantId, nasipaddress: "127.0.0.1", framedipaddress: active.address, acctstoptime: null });
    expect((await radiusLoginAttemptsOf(conn.db, { tenantId, username: USERNAME })).map((login) => login.accepted)).toEqual([true, false]);
  });

  it("suspending disconnects the session and the CPE logs in again to the isolation group", async () => {
    const before = (await activeOf(USERNAME))!;
    sim.resetMetrics();
    const result = await suspendSubscriptions(conn.db, actor, { subscriptionIds: [subscriptionId], reason: "unpaid" });
    expect(result.routers.map((r) => r.status)).toEqual(["applied"]);
    // A Disconnect-Request ended the session, acknowledged: no API kick was needed.
    expect((await activeOf(USERNAME))?.[".id"]).not.toBe(before[".id"]);
    expect(kickedByApi()).toBe(false);

    const after = await sessionBack(before[".id"]);
    expect((await queueOf(USERNAME))?.["max-limit"]).toBe(maxLimit(isolation.rateLimit));
    const listed = await rows("/ip/firewall/address-list", [`?address=${after.address}`]);
    expect(listed.map((r) => r.list)).toContain(isolation.addressList);

    await openRowFor(after);
    const first = (await accountingOf()).find((r) => r.acctsessionid === before["session-id"]!.replace(/^0x/, ""))!;
    expect(first.acctstoptime).not.toBeNull();
    expect(first.acctterminatecause).toBe("Admin-Reset");
    // What support sees on the customer page: the isolated session open, the one before ended by NetSphere.
    const sessions = await radiusSessionsOf(conn.db, { tenantId, username: USERNAME });
    expect(sessions.slice(0, 2).map((s) => [s.router, s.address, s.endedBecause])).toEqual([
      ["Lipa POP", after.address, null],
      ["Lipa POP", before.address, "disconnected by staff or NetSphere"],
    ]);
  });

  it("reactivating brings the plan's rate back within seconds", async () => {
    const before = (await activeOf(USERNAME))!;
    sim.resetMetrics();
    const started = performance.now();
    await reactivateSubscriptions(conn.db, actor, { subscriptionIds: [subscriptionId], reason: "paid" });
    const after = await sessionBack(before[".id"]);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(kickedByApi()).toBe(false);
    expect((await queueOf(USERNAME))?.["max-limit"]).toBe(maxLimit("25M/50M"));
    const listed = await rows("/ip/firewall/address-list", [`?address=${after.address}`]);
    expect(listed.map((r) => r.list)).not.toContain(isolation.addressList);
    await openRowFor(after);
  });

  it("a plan's new speed reaches the live session by CoA, without ending it", async () => {
    const before = (await activeOf(USERNAME))!;
    const plan = await getPlan(conn.db, { tenantId, planId });
    expect(rateLimitOf(plan)).toBe("25M/50M");
    sim.resetMetrics();
    await setPlanSpeed(100_000, 50_000);
    expect(kickedByApi()).toBe(false);
    expect((await queueOf(USERNAME))?.["max-limit"]).toBe(maxLimit("50M/100M"));
    expect((await activeOf(USERNAME))?.[".id"]).toBe(before[".id"]);
    const open = await openRowFor(before);
    expect(open.acctstoptime).toBeNull();
  });

  it("a NAS that does not answer CoA gets the session kicked through the API, and it logs in at the new speed", async () => {
    // The router's CoA port as NetSphere knows it now leads nowhere (a firewall in between would do the same).
    const nas = (await radiusNasOf(conn.db, { tenantId, routerId }))!;
    const nowhere = sim.radiusIncomingPort! === 65_000 ? 65_001 : 65_000;
    await enableRadius(conn.db, actor, {
      routerId,
      nasAddress: nas.nasname,
      coaPort: nowhere,
      interimSeconds: nas.interimSeconds,
      requireMessageAuth: true,
    });
    await drainReconciles();

    const before = (await activeOf(USERNAME))!;
    sim.resetMetrics();
    await setPlanSpeed(20_000, 10_000);
    expect(kickedByApi()).toBe(true);
    const after = await sessionBack(before[".id"]);
    expect((await queueOf(USERNAME))?.["max-limit"]).toBe(maxLimit("10M/20M"));
    await openRowFor(after);
    const first = (await accountingOf()).find((r) => r.acctsessionid === before["session-id"]!.replace(/^0x/, ""))!;
    expect(first.acctterminatecause).toBe("Admin-Reset");
  }, 60_000);
});
