import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { resolveTrafficTarget, trafficQuerySchema } from "@/lib/monitoring/queries";
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
});
