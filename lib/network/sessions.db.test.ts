import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { auditLog } from "@/lib/audit/schema";
import { executeAction } from "@/lib/core/action";
import { insertRouter } from "@/tests/support/network";
import { releaseRouter } from "@/lib/routers/access";
import { kickSessionAction } from "@/lib/network/actions/kick-session";
import { startSimulator, type RunningSimulator } from "@/lib/routeros/simulator/server";
import { seedDemoRouter } from "@/lib/routeros/simulator/demo-seed";
import { tableOf } from "@/lib/routeros/simulator/router-state";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
let sim: RunningSimulator;
let fixture: Awaited<ReturnType<typeof createTenantFixture>>;
let routerId: string;

beforeAll(async () => {
  conn = await createTestDatabase();
  sim = await startSimulator({ port: 0, username: "api", password: "s3cret", version: "7.16.1" });
  seedDemoRouter(sim.state, 1);
  fixture = await createTenantFixture(conn.db);
  const router = await insertRouter(conn.db, fixture.tenant.id, { port: sim.port, password: "s3cret", name: "Lipa-CCR1" });
  routerId = router.id;
});
afterAll(async () => {
  await releaseRouter(routerId);
  await sim?.stop();
  await conn?.close();
});

const pppNames = () => tableOf(sim.state, "ppp/active").map((row) => row.props.name);
const kicks = () =>
  conn.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.tenantId, fixture.tenant.id), eq(auditLog.action, "router.session_kicked")))
    .orderBy(auditLog.id);

describe("kicking a live session", () => {
  it("disconnects a PPPoE session by name, audits it, and calls a second kick already gone", async () => {
    expect(pppNames()).toContain("ACC-0001-R1");
    const first = await executeAction(kickSessionAction.definition, fixture.ctx.technician, { routerId, service: "ppp", name: "ACC-0001-R1" });
    expect(first).toEqual({ removed: 1, alreadyGone: false });
    expect(pppNames()).not.toContain("ACC-0001-R1");
    const again = await executeAction(kickSessionAction.definition, fixture.ctx.technician, { routerId, service: "ppp", name: "ACC-0001-R1" });
    expect(again).toEqual({ removed: 0, alreadyGone: true });
    const rows = await kicks();
    expect(rows.map((r) => r.after)).toEqual([
      { service: "ppp", name: "ACC-0001-R1", ok: true, removed: 1, alreadyGone: false },
      { service: "ppp", name: "ACC-0001-R1", ok: true, removed: 0, alreadyGone: true },
    ]);
    expect(rows[0]).toMatchObject({ entityId: routerId, actorUserId: fixture.ctx.technician.userId });
  });

  it("logs out one hotspot session by its id", async () => {
    const [active] = tableOf(sim.state, "ip/hotspot/active");
    expect(active.props.user).toBe("V1001");
    const outcome = await executeAction(kickSessionAction.definition, fixture.ctx.support, {
      routerId,
      service: "hotspot",
      name: "V1001",
      id: active.id,
    });
    expect(outcome).toEqual({ removed: 1, alreadyGone: false });
    expect(tableOf(sim.state, "ip/hotspot/active")).toHaveLength(0);
  });

  it("treats `no such item` from the router as already gone", async () => {
    sim.setFaults({ trappedCommands: { "/ppp/active/remove": "no such item" } });
    try {
      const outcome = await executeAction(kickSessionAction.definition, fixture.ctx.technician, { routerId, service: "ppp", name: "ACC-0002-R1" });
      expect(outcome).toEqual({ removed: 0, alreadyGone: true });
    } finally {
      sim.setFaults({ trappedCommands: {} });
    }
  });

  it("shows other refusals with RouterOS's own message and audits the failure", async () => {
    sim.setFaults({ trappedCommands: { "/ppp/active/remove": "failure: not permitted (9)" } });
    try {
      await expect(
        executeAction(kickSessionAction.definition, fixture.ctx.technician, { routerId, service: "ppp", name: "ACC-0002-R1" }),
      ).rejects.toMatchObject({ code: "router_trap", message: "The router refused /ppp/active/remove: failure: not permitted (9)" });
    } finally {
      sim.setFaults({ trappedCommands: {} });
    }
    expect((await kicks()).at(-1)?.after).toMatchObject({ name: "ACC-0002-R1", ok: false, error: { code: "router_trap" } });
  });

  it("needs network:kick, validates the target, and keeps other tenants' routers out of reach", async () => {
    const target = { routerId, service: "ppp", name: "ACC-0003-R1" };
    await expect(executeAction(kickSessionAction.definition, fixture.ctx.billing, target)).rejects.toMatchObject({ code: "forbidden" });
    await expect(executeAction(kickSessionAction.definition, fixture.ctx.technician, { ...target, service: "sstp" })).rejects.toMatchObject({
      code: "validation",
      fieldErrors: { service: ["Choose ppp or hotspot"] },
    });
    await expect(executeAction(kickSessionAction.definition, fixture.ctx.technician, { ...target, id: "1; drop" })).rejects.toMatchObject({
      code: "validation",
    });
    const other = await createTenantFixture(conn.db);
    await expect(executeAction(kickSessionAction.definition, other.ctx.owner, target)).rejects.toMatchObject({ code: "not_found" });
    expect(pppNames()).toContain("ACC-0003-R1");
  });
});
