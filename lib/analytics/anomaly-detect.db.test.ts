import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import type { Connection } from "@/lib/db/connect";
import type { StaffContext } from "@/lib/auth/context";
import { clock } from "@/lib/core/clock";
import { actorOf } from "@/lib/audit/record";
import { trafficPoints } from "@/lib/monitoring/schema";
import { insertSimulatedRouters, insertSubscriptions } from "@/lib/monitoring/fixtures";
import { createAlertRule, forgetCachedRules } from "@/lib/alerts/rules-service";
import { alertRuleSchema } from "@/lib/alerts/rules";
import { incidents } from "@/lib/alerts/schema";
import { seededRandom } from "@/lib/core/random";
import { forgetAddressSessions, recordAddressSessions } from "@/lib/ipam/sessions";
import { detectTenantAnomalies } from "./anomaly-detect";
import { analyticsAnomalies, analyticsAnomalyBaselines } from "./schema";

const STEP = 300_000;
const HOUR = 3_600_000;
let conn: Connection;
let owner: StaffContext;
let other: StaffContext;
let routerId: string;
/** The first 5-minute bucket after four weeks of history: the points from here on are judged. */
let judged: number;

/** An uplink's bytes per 5 minutes: an evening peak over a floor, with 3 % noise. */
const random = seededRandom(7);
const bytesAt = (t: number, factor = 1) => {
  const hour = (t % (24 * HOUR)) / HOUR;
  const fromNine = ((hour - 21 + 36) % 24) - 12;
  return Math.round(3e9 * (0.2 + 0.8 * Math.exp(-(fromNine ** 2) / 8)) * (1 + 0.03 * (random() * 2 - 1)) * factor);
};

async function insertPoints(from: number, to: number, factor = 1, tenantId = owner.tenantId, router = routerId) {
  const rows = [];
  for (let t = from; t < to; t += STEP) {
    const bytes = bytesAt(t, factor);
    rows.push({ tenantId, routerId: router, subjectType: "interface" as const, subject: "sfp1", resolution: "5m" as const, bucket: new Date(t), rxBytes: bytes, txBytes: Math.round(bytes / 10) });
  }
  for (let i = 0; i < rows.length; i += 1000) await conn.db.insert(trafficPoints).values(rows.slice(i, i + 1000));
}

/** The job's clock for a run that judges the points up to `until`: the newest bucket is final 5 minutes after its end. */
const runAt = (until: number) => new Date(until + 5 * 60_000 + 30_000);
const detect = (ctx: StaffContext, until: number) => detectTenantAnomalies(ctx.db, conn.db, ctx.tenantId, runAt(until));
const anomaliesOf = (ctx: StaffContext) => ctx.db.select().from(analyticsAnomalies).where(eq(analyticsAnomalies.tenantId, ctx.tenantId));

beforeAll(async () => {
  conn = await createTestDatabase();
  const fixture = await createTenantFixture(conn.db);
  owner = fixture.ctx.owner;
  other = (await createTenantFixture(conn.db, { name: "Other ISP" })).ctx.owner;
  const [router] = await insertSimulatedRouters(conn.db, owner.tenantId, [{ name: "Core", port: 1, username: "u", password: "p" }]);
  routerId = router.id;
  judged = Math.floor(clock.ms() / HOUR) * HOUR - 2 * 24 * HOUR + 20 * HOUR;
  await insertPoints(judged - 28 * 24 * HOUR, judged);
}, 120_000);

afterAll(async () => {
  await conn?.close();
});

describe("anomaly-detect", () => {
  it("finds nothing on an ordinary evening, and keeps the link's baseline", async () => {
    await insertPoints(judged, judged + HOUR);
    const summary = await detect(owner, judged + HOUR);
    expect(summary).toMatchObject({ opened: 0, baselines: 1 });
    expect(summary.series).toBeGreaterThanOrEqual(1);
    expect(await anomaliesOf(owner)).toEqual([]);
  });

  it("opens a drop when the uplink falls to almost nothing, once however often it runs, and tells nobody without a rule", async () => {
    const cut = judged + HOUR;
    await insertPoints(cut, cut + 20 * 60_000, 0.01);
    await detect(owner, cut + 20 * 60_000);
    await detect(owner, cut + 20 * 60_000);
    const [anomaly, ...rest] = await anomaliesOf(owner);
    expect(rest).toEqual([]);
    expect(anomaly).toMatchObject({ objectKind: "interface", objectId: "sfp1", metric: "traffic", kind: "drop", direction: "below", status: "open", routerId });
    expect(anomaly.startedAt.getTime()).toBe(cut);
    expect(anomaly.actual / anomaly.expected).toBeLessThan(0.05);
    expect(await conn.db.select().from(incidents).where(eq(incidents.tenantId, owner.tenantId))).toEqual([]);
  });

  it("with an anomaly rule for interfaces, the open drop opens an incident on the interface", async () => {
    const input = alertRuleSchema.parse({
      kind: "anomaly_interface",
      name: "Uplink anomalies",
      enabled: true,
      severity: "major",
      threshold: 3,
      minCount: "",
      windowMinutes: 60,
      fireAfterSeconds: 0,
      clearAfterSeconds: 0,
      flapChanges: 0,
      notifyRecovery: true,
    });
    await createAlertRule(conn.db, actorOf(owner), input);
    forgetCachedRules();
    await detect(owner, judged + HOUR + 20 * 60_000);
    const [incident] = await conn.db.select().from(incidents).where(eq(incidents.tenantId, owner.tenantId));
    expect(incident).toMatchObject({ objectType: "interface", objectKey: `interface:${routerId}:sfp1`, status: "open" });
    expect(incident.title).toContain("traffic out of its usual band");
  });

  it("extends the drop while it lasts and closes it (and resolves the incident) when traffic comes back", async () => {
    const back = judged + HOUR + 40 * 60_000;
    await insertPoints(judged + HOUR + 20 * 60_000, back, 0.01);
    await detect(owner, back);
    let [anomaly] = await anomaliesOf(owner);
    expect(anomaly.endedAt.getTime()).toBe(back - STEP);
    await insertPoints(back, back + 30 * 60_000);
    await detect(owner, back + 30 * 60_000);
    [anomaly] = await anomaliesOf(owner);
    expect(anomaly).toMatchObject({ status: "closed", kind: "drop" });
    expect(anomaly.endedAt.getTime()).toBe(back - STEP);
    const [incident] = await conn.db.select().from(incidents).where(and(eq(incidents.tenantId, owner.tenantId)));
    expect(incident.status).toBe("resolved");
  });

  it("finds a subscriber uploading far above their history, judged once an hour", async () => {
    const subs = await insertSubscriptions(conn.db, owner.tenantId, [{ routerId, username: "juan" }]);
    const subscriptionId = subs.get("juan")!;
    const end = judged + 6 * HOUR;
    const rows = [];
    for (let t = end - 28 * 24 * HOUR; t < end; t += HOUR) {
      const burst = t >= end - 3 * HOUR ? 40 : 1;
      rows.push({ tenantId: owner.tenantId, routerId, subjectType: "subscription" as const, subject: subscriptionId, resolution: "1h" as const, bucket: new Date(t), rxBytes: Math.round(bytesAt(t) / 20) * burst, txBytes: 1e9 });
    }
    for (let i = 0; i < rows.length; i += 1000) await conn.db.insert(trafficPoints).values(rows.slice(i, i + 1000));
    // Twenty minutes into the hour: the hourly series were judged on the run after their hour ended.
    await detectTenantAnomalies(owner.db, conn.db, owner.tenantId, new Date(runAt(end).getTime() + 20 * 60_000));
    const upload = () => anomaliesOf(owner).then((all) => all.filter((a) => a.metric === "upload"));
    expect(await upload()).toEqual([]);
    await detectTenantAnomalies(owner.db, conn.db, owner.tenantId, runAt(end));
    const [found, ...rest] = await upload();
    expect(rest).toEqual([]);
    expect(found).toMatchObject({ objectKind: "subscription", objectId: subscriptionId, direction: "above", status: "open" });
    expect(found.startedAt.getTime()).toBe(end - 3 * HOUR);
    expect(found.actual / found.expected).toBeGreaterThan(10);

    // A day later, a run between the hours judges no subscriber but rebuilds the day-old baseline.
    const later = new Date(runAt(end).getTime() + 24 * HOUR + 20 * 60_000);
    const summary = await detectTenantAnomalies(owner.db, conn.db, owner.tenantId, later);
    expect(summary).toMatchObject({ opened: 0, baselines: 1 });
    const [baseline] = await owner.db
      .select()
      .from(analyticsAnomalyBaselines)
      .where(and(eq(analyticsAnomalyBaselines.tenantId, owner.tenantId), eq(analyticsAnomalyBaselines.objectId, subscriptionId)));
    expect(baseline.computedAt).toEqual(later);
  });

  it("finds a subscriber whose PPPoE session dropped again and again in one hour, not their nightly reconnect", async () => {
    const subs = await insertSubscriptions(conn.db, owner.tenantId, [{ routerId, username: "maria" }]);
    const subscriptionId = subs.get("maria")!;
    const session = { source: "ppp" as const, username: "maria", address: "10.0.0.9", callerId: "AA:BB:CC:00:00:09" };
    // What the poller records: the session seen at one poll and gone at the next closes its row.
    const poll = (t: number, up: boolean) => recordAddressSessions(conn.db, { tenantId: owner.tenantId, routerId, at: new Date(t), sessions: up ? [session] : [] });
    const flap = async (t: number) => {
      await poll(t, false);
      await poll(t + 60_000, true);
    };
    forgetAddressSessions(routerId);
    const burst = judged + 31 * HOUR;
    const end = burst + HOUR;
    await poll(end - 29 * 24 * HOUR, true);
    for (let day = end - 28 * 24 * HOUR; day < end; day += 24 * HOUR) await flap(Math.floor(day / (24 * HOUR)) * 24 * HOUR + 3 * HOUR + 5 * 60_000);
    // One stray disconnect two hours before: no anomaly.
    await flap(burst - 2 * HOUR + 10 * 60_000);
    for (let i = 0; i < 6; i += 1) await flap(burst + i * 8 * 60_000);

    await detectTenantAnomalies(owner.db, conn.db, owner.tenantId, runAt(end));
    const found = (await anomaliesOf(owner)).filter((a) => a.metric === "disconnects");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ objectKind: "subscription", objectId: subscriptionId, routerId, kind: "spike", direction: "above", status: "open", actual: 6 });
    expect(found[0].startedAt.getTime()).toBe(burst);
    expect(found[0].expected).toBeLessThan(1);
    forgetAddressSessions(routerId);
  });

  it("a router rebooting again and again in one hour is the router's fault, not an anomaly for each subscriber on it", async () => {
    const [tower] = await insertSimulatedRouters(conn.db, owner.tenantId, [{ name: "Flaky tower", port: 2, username: "u", password: "p" }]);
    const names = Array.from({ length: 6 }, (_, i) => `tower${i}`);
    await insertSubscriptions(
      conn.db,
      owner.tenantId,
      names.map((username) => ({ routerId: tower.id, username })),
    );
    const sessions = names.map((username, i) => ({ source: "ppp" as const, username, address: `10.7.0.${i + 2}`, callerId: `AA:BB:CC:00:07:0${i}` }));
    // Every session drops when the router reboots and comes back when it is up.
    const poll = (t: number, up: boolean) => recordAddressSessions(conn.db, { tenantId: owner.tenantId, routerId: tower.id, at: new Date(t), sessions: up ? sessions : [] });
    const reboot = async (t: number) => {
      await poll(t, false);
      await poll(t + 60_000, true);
    };
    forgetAddressSessions(tower.id);
    const burst = judged + 31 * HOUR;
    const end = burst + HOUR;
    await poll(end - 29 * 24 * HOUR, true);
    for (let day = end - 28 * 24 * HOUR; day < end; day += 24 * HOUR) await reboot(Math.floor(day / (24 * HOUR)) * 24 * HOUR + 3 * HOUR + 5 * 60_000);
    for (let i = 0; i < 6; i += 1) await reboot(burst + i * 8 * 60_000);

    await detectTenantAnomalies(owner.db, conn.db, owner.tenantId, runAt(end));
    const onTower = (await anomaliesOf(owner)).filter((a) => a.metric === "disconnects" && a.routerId === tower.id);
    expect(onTower).toEqual([]);
    forgetAddressSessions(tower.id);
  });

  it("another ISP's run sees none of it", async () => {
    expect(await detect(other, judged + 2 * HOUR)).toMatchObject({ series: 0, opened: 0 });
    expect(await anomaliesOf(other)).toEqual([]);
  });
});
