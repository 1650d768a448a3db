/*
 * Who is behind an interface incident: the routers beyond it when it links to others of ours, the subscribers whose
 * plan's queue hangs off it when the queue tree says so, and every subscriber of its router otherwise (an access port).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq, sql } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { clock } from "@/lib/core/clock";
import { createTenantFixture } from "@/tests/support/fixtures";
import type { Connection } from "@/lib/db/connect";
import type { Router } from "@/lib/routers/schema";
import { networkLinks } from "@/lib/topology/schema";
import { queueTreeNodes } from "@/lib/queues/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { insertSimulatedRouters, insertSubscriptions } from "@/lib/monitoring/fixtures";
import { alertRules, incidents } from "./schema";
import { listAlertRules } from "./rules-service";
import { incidentSubscribers, ruleFired } from "./incidents";

let conn: Connection;
let tenantId: string;
let core: Router;
let tower: Router;
let edge: Router;

const onInterface = (router: Router, name: string) => ({ tenantId, routerId: router.id, siteId: null, objectType: "interface" as const, objectKey: `interface:${router.id}:${name}` });
const usernames = async (router: Router, name: string) => (await incidentSubscribers(conn.db, onInterface(router, name))).map((row) => row.username);

beforeAll(async () => {
  conn = await createTestDatabase();
  const fixture = await createTenantFixture(conn.db);
  tenantId = fixture.tenant.id;
  [core, tower, edge] = await insertSimulatedRouters(
    conn.db,
    tenantId,
    ["Core", "Tower", "Edge"].map((name, index) => ({ name, port: 1 + index, username: "netsphere", password: "router-secret" })),
  );
  // Core ether2 ── ether1 Tower ether2 ── ether1 Edge
  await conn.db.insert(networkLinks).values([
    { tenantId, aRouterId: core.id, aInterface: "ether2", bRouterId: tower.id, bInterface: "ether1", source: "discovered" },
    { tenantId, aRouterId: tower.id, aInterface: "ether2", bRouterId: edge.id, bInterface: "ether1", source: "manual" },
  ]);
  await insertSubscriptions(conn.db, tenantId, [
    { routerId: core.id, username: "core-home-1" },
    { routerId: core.id, username: "core-home-2" },
    { routerId: tower.id, username: "tower-1" },
    { routerId: edge.id, username: "edge-1" },
  ]);
  // A business plan on Core queued under ether5 (its own fibre): only those subscribers are behind ether5.
  const business = await insertSubscriptions(conn.db, tenantId, [{ routerId: core.id, username: "core-business" }]);
  const [{ planId }] = await conn.db.select({ planId: subscriptions.planId }).from(subscriptions).where(eq(subscriptions.id, business.get("core-business")!));
  const [parent] = await conn.db.insert(queueTreeNodes).values({ tenantId, routerId: core.id, name: "business", parentInterface: "ether5" }).returning();
  await conn.db.insert(queueTreeNodes).values({ tenantId, routerId: core.id, name: "business-plan", parentId: parent.id, planId });
  await listAlertRules(conn.db, { tenantId });
});

afterAll(async () => {
  await conn?.close();
});

describe("subscribers behind an interface", () => {
  it("a link to another router stands for every router beyond it, not the router's own subscribers", async () => {
    expect(await usernames(core, "ether2")).toEqual(["edge-1", "tower-1"]);
    expect(await usernames(tower, "ether2")).toEqual(["edge-1"]);
  });

  it("an interface a plan's queue hangs off stands for that plan's subscribers on the router", async () => {
    expect(await usernames(core, "ether5")).toEqual(["core-business"]);
  });

  it("any other interface (an access port) stands for all the router's subscribers", async () => {
    expect(await usernames(core, "ether3")).toEqual(["core-business", "core-home-1", "core-home-2"]);
  });

  it("an interface incident counts the subscribers beyond the link when it opens", async () => {
    const [rule] = await conn.db.select().from(alertRules).where(and(eq(alertRules.tenantId, tenantId), sql`${alertRules.kind} = 'interface_down'`));
    const { incidentId } = await ruleFired(conn.db, {
      tenantId,
      routerId: core.id,
      routerName: core.name,
      siteId: null,
      rule,
      objectType: "interface",
      label: "ether2",
      value: null,
      flapping: false,
      at: clock.now(),
    });
    const [incident] = await conn.db.select().from(incidents).where(eq(incidents.id, incidentId));
    expect(incident).toMatchObject({ title: "Core ether2 down", affectedSubscribers: 2 });
  });
});
