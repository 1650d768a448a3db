import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import type { Connection } from "@/lib/db/connect";
import type { StaffContext } from "@/lib/auth/context";
import { clock } from "@/lib/core/clock";
import { actorOf } from "@/lib/audit/record";
import { auditLog } from "@/lib/audit/schema";
import { insertSimulatedRouters } from "@/lib/monitoring/fixtures";
import { executeAction } from "@/lib/core/action";
import { anomalyFeedbackAction } from "./actions/anomaly-feedback";
import { anomaliesOfObject, listAnomalies, recordAnomalyFeedback } from "./anomalies";
import { analyticsAnomalies, analyticsAnomalyTuning } from "./schema";

let conn: Connection;
let owner: StaffContext;
let billing: StaffContext;
let ids: { open: string; closed: string; router: string };

beforeAll(async () => {
  conn = await createTestDatabase();
  const fixture = await createTenantFixture(conn.db);
  owner = fixture.ctx.owner;
  billing = fixture.ctx.billing;
  const [router] = await insertSimulatedRouters(conn.db, owner.tenantId, [{ name: "Core", port: 1, username: "u", password: "p" }]);
  const at = (minutesAgo: number) => new Date(clock.ms() - minutesAgo * 60_000);
  const common = { tenantId: owner.tenantId, routerId: router.id, metric: "traffic" as const, createdAt: at(0), updatedAt: at(0) };
  const [closed, open] = await conn.db
    .insert(analyticsAnomalies)
    .values([
      { ...common, objectKind: "interface", objectId: "ether1", kind: "spike", direction: "above", startedAt: at(600), endedAt: at(590), severity: 12, expected: 1e8, actual: 4e8, status: "closed" },
      { ...common, objectKind: "interface", objectId: "sfp1", kind: "drop", direction: "below", startedAt: at(30), endedAt: at(5), severity: 9.8, expected: 9e8, actual: 1e6, status: "open" },
    ])
    .returning();
  ids = { open: open.id, closed: closed.id, router: router.id };
});

afterAll(async () => {
  await conn?.close();
});

describe("the anomalies list", () => {
  it("shows open ones first, with the router's name, and filters by status and kind", async () => {
    const all = await listAnomalies(owner.db, { tenantId: owner.tenantId, page: 1 });
    expect(all.total).toBe(2);
    expect(all.rows.map((r) => [r.id, r.status, r.objectLabel, r.routerName])).toEqual([
      [ids.open, "open", "sfp1", "Core"],
      [ids.closed, "closed", "ether1", "Core"],
    ]);
    expect((await listAnomalies(owner.db, { tenantId: owner.tenantId, page: 1, status: "closed" })).rows.map((r) => r.id)).toEqual([ids.closed]);
    expect((await listAnomalies(owner.db, { tenantId: owner.tenantId, page: 1, kind: "drop" })).rows.map((r) => r.id)).toEqual([ids.open]);
  });

  it("gives an interface's chart the anomalies overlapping its range", async () => {
    const range = (hours: number) => ({ from: new Date(clock.ms() - hours * 3_600_000), to: clock.now() });
    const of = (objectId: string, hours: number) =>
      anomaliesOfObject(owner.db, { tenantId: owner.tenantId, routerId: ids.router, objectKind: "interface", objectId, ...range(hours) });
    expect((await of("sfp1", 1)).map((a) => a.id)).toEqual([ids.open]);
    expect(await of("ether1", 1)).toEqual([]);
    expect((await of("ether1", 24)).map((a) => a.id)).toEqual([ids.closed]);
  });

  it("shows another ISP nothing", async () => {
    const other = (await createTenantFixture(conn.db, { name: "Other ISP" })).ctx.owner;
    expect(await listAnomalies(other.db, { tenantId: other.tenantId, page: 1 })).toEqual({ total: 0, rows: [] });
  });
});

describe("feedback", () => {
  const sensitivityOf = async (objectId: string) =>
    (
      await conn.db
        .select()
        .from(analyticsAnomalyTuning)
        .where(and(eq(analyticsAnomalyTuning.routerId, ids.router), eq(analyticsAnomalyTuning.objectId, objectId)))
    )[0]?.sensitivity;

  it("'expected' makes the object quieter, is audited, and giving it twice tunes once", async () => {
    await recordAnomalyFeedback(owner.db, actorOf(owner), { anomalyId: ids.closed, feedback: "expected" });
    await recordAnomalyFeedback(owner.db, actorOf(owner), { anomalyId: ids.closed, feedback: "expected" });
    expect(await sensitivityOf("ether1")).toBe(0.8);
    const [row] = await conn.db.select().from(analyticsAnomalies).where(eq(analyticsAnomalies.id, ids.closed));
    expect(row).toMatchObject({ feedback: "expected", feedbackBy: owner.userId });
    const audit = await conn.db.select().from(auditLog).where(and(eq(auditLog.tenantId, owner.tenantId), eq(auditLog.action, "anomaly.feedback")));
    expect(audit).toHaveLength(2);
  });

  it("'real issue' makes it keener, and a change of mind undoes the first verdict", async () => {
    await recordAnomalyFeedback(owner.db, actorOf(owner), { anomalyId: ids.open, feedback: "real_issue" });
    expect(await sensitivityOf("sfp1")).toBe(1.15);
    await recordAnomalyFeedback(owner.db, actorOf(owner), { anomalyId: ids.open, feedback: "expected" });
    expect(await sensitivityOf("sfp1")).toBe(0.8);
  });

  it("needs the incidents permission: billing staff are refused", async () => {
    await expect(executeAction(anomalyFeedbackAction.definition, billing, { anomalyId: ids.open, feedback: "real_issue" })).rejects.toMatchObject({ code: "forbidden" });
  });
});
