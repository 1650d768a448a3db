import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { interfacesWithHistory, resolveTrafficTarget, trafficQuerySchema } from "@/lib/monitoring/queries";
import { trafficCounters, trafficPoints } from "@/lib/monitoring/schema";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => {
  await conn?.close();
});

describe("traffic route queries", () => {
  const schema = trafficQuerySchema({ resolution: z.enum(["1m", "1h"]).default("1m") });

  it("need exactly one of interface or subscription, and keep the route's own fields", () => {
    expect(schema.parse({ interface: "ether1" })).toEqual({ interface: "ether1", resolution: "1m" });
    for (const bad of [{}, { interface: "ether1", subscription: "8f7e2c1a-0b6d-4c3e-9a1f-2d3e4f5a6b7c" }]) {
      const result = schema.safeParse(bad);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]).toMatchObject({ message: "Give either interface or subscription", path: ["interface"] });
    }
    expect(schema.safeParse({ subscription: "not-a-uuid" }).error?.issues[0].message).toBe("Unknown subscription");
  });

  it("resolve a subscription only on the router that serves it, and only in the caller's tenant", async () => {
    const a = await createTenantFixture(conn.db);
    const b = await createTenantFixture(conn.db);
    const plan = await insertPlan(conn.db, a.tenant.id);
    const r1 = await insertRouter(conn.db, a.tenant.id, { port: 1, password: "x" });
    const r2 = await insertRouter(conn.db, a.tenant.id, { port: 2, password: "x" });
    const { subscription } = await insertSubscriber(conn.db, a.tenant.id, { planId: plan.id, routerId: r1.id, username: "maria.santos" });
    const query = { subscription: subscription.id };

    await expect(resolveTrafficTarget(conn.db, { tenantId: a.tenant.id, routerId: r1.id, query })).resolves.toEqual({
      kind: "subscriber",
      subscriptionId: subscription.id,
      username: "maria.santos",
    });
    await expect(resolveTrafficTarget(conn.db, { tenantId: a.tenant.id, routerId: r2.id, query })).rejects.toMatchObject({ code: "not_found" });
    await expect(resolveTrafficTarget(conn.db, { tenantId: b.tenant.id, routerId: r1.id, query })).rejects.toMatchObject({ code: "not_found" });
    await expect(resolveTrafficTarget(conn.db, { tenantId: a.tenant.id, routerId: r1.id, query: { interface: "ether1" } })).resolves.toEqual({
      kind: "interface",
      name: "ether1",
    });
  });

  it("offer a router's ports with hourly history or seen by the poller, never a session's interface or another ISP's", async () => {
    const a = await createTenantFixture(conn.db);
    const b = await createTenantFixture(conn.db);
    const router = await insertRouter(conn.db, a.tenant.id, { port: 3, password: "x" });
    const since = new Date("2026-11-01T00:00:00Z");
    const hour = (subject: string, bucket: string, resolution: "1h" | "1d" = "1h") => ({
      tenantId: a.tenant.id,
      routerId: router.id,
      subjectType: "interface" as const,
      subject,
      resolution,
      bucket: new Date(bucket),
    });
    await conn.db
      .insert(trafficPoints)
      .values([
        hour("ether10", "2026-11-20T10:00:00Z"),
        hour("ether2", "2026-11-20T10:00:00Z"),
        hour("<pppoe-maria>", "2026-11-20T10:00:00Z"),
        hour("ether9", "2026-10-01T10:00:00Z"),
        hour("sfp1", "2026-11-20T00:00:00Z", "1d"),
      ]);
    await conn.db
      .insert(trafficCounters)
      .values({
        routerId: router.id,
        subjectType: "interface",
        subject: "wlan1",
        rxCounter: "1",
        txCounter: "1",
        readAt: new Date("2026-11-20T10:00:00Z"),
      });
    expect(await interfacesWithHistory(conn.db, { tenantId: a.tenant.id, routerId: router.id, since })).toEqual(["ether2", "ether10", "wlan1"]);
    expect(await interfacesWithHistory(conn.db, { tenantId: b.tenant.id, routerId: router.id, since })).toEqual([]);
  });
});
