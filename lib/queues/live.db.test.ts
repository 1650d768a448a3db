import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertRouter } from "@/tests/support/network";
import { releaseRouter, withRouter } from "@/lib/routers/access";
import { readQueues } from "@/lib/queues/live";
import { startSimulator, type RunningSimulator } from "@/lib/routeros/simulator/server";
import { seedDemoRouter } from "@/lib/routeros/simulator/demo-seed";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
let sim: RunningSimulator;
let ids: { tenantId: string; routerId: string };

beforeAll(async () => {
  conn = await createTestDatabase();
  sim = await startSimulator({ port: 0, username: "api", password: "s3cret", version: "7.19.2" });
  seedDemoRouter(sim.state, 3);
  const { tenant } = await createTenantFixture(conn.db);
  const router = await insertRouter(conn.db, tenant.id, { port: sim.port, password: "s3cret", name: "Queues-R3" });
  ids = { tenantId: tenant.id, routerId: router.id };
  await withRouter(conn.db, ids, async (client) => {
    await client.write("/queue/simple/add", { name: "tower-b", target: "10.3.8.0/24", "max-limit": "20M/50M", comment: "netsphere:queue:x" });
    await client.write("/queue/tree/add", { name: "total-down", parent: "global", "max-limit": "100M" });
  });
});
afterAll(async () => {
  await releaseRouter(ids.routerId);
  await sim?.stop();
  await conn?.close();
});

describe("live queues", () => {
  it("reads the router's simple queues (static and per-session dynamic) and its queue tree, limits as bps", async () => {
    const { simple, tree } = await readQueues(conn.db, ids);
    expect(simple.ok).toBe(true);
    if (!simple.ok || !tree.ok) throw new Error("expected both tables");
    expect(simple.rows.find((r) => r.name === "tower-b")).toMatchObject({ "max-limit": "20000000/50000000", comment: "netsphere:queue:x" });
    expect(simple.rows.some((r) => r.dynamic === "true" && r.name.startsWith("<pppoe-"))).toBe(true);
    expect(simple.total).toBe(simple.rows.length);
    expect(tree.rows).toEqual([expect.objectContaining({ name: "total-down", parent: "global" })]);
  });

  it("keeps a refused table local: the other one still reads", async () => {
    sim.setFaults({ trappedCommands: { "/queue/tree/print": "no such command prefix" } });
    try {
      const { simple, tree } = await readQueues(conn.db, ids);
      expect(simple.ok).toBe(true);
      expect(tree).toEqual({ ok: false, message: "The router refused /queue/tree/print: no such command prefix" });
    } finally {
      sim.setFaults({ trappedCommands: {} });
    }
  });
});
