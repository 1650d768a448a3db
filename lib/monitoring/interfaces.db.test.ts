import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertRouter } from "@/tests/support/network";
import { listRouterInterfaces } from "@/lib/monitoring/interfaces";
import { trafficCounters } from "@/lib/monitoring/schema";
import { releaseRouter } from "@/lib/routers/access";
import { clock } from "@/lib/core/clock";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => {
  await conn?.close();
});

/** A port on 127.0.0.1 nothing listens on: connecting is refused at once. */
const CLOSED_PORT = 1;

describe("the traffic page's interface list", () => {
  it("lists the interfaces seen before and says why when the router cannot be reached", async () => {
    const { tenant } = await createTenantFixture(conn.db);
    const router = await insertRouter(conn.db, tenant.id, { port: CLOSED_PORT, password: "s3cret" });
    await conn.db.insert(trafficCounters).values({ routerId: router.id, subjectType: "interface", subject: "ether1", rxCounter: "0", txCounter: "0", readAt: clock.now() });
    try {
      const list = await listRouterInterfaces(conn.db, { tenantId: tenant.id, routerId: router.id });
      expect(list).toEqual({
        live: false,
        interfaces: [{ name: "ether1", type: "", running: false }],
        message: "Could not connect: the router did not accept a connection. Check the address, the port and that the API service is enabled.",
      });
    } finally {
      await releaseRouter(router.id);
    }
  });

  it("says the router is down also when another bundle of the app opened its pooled connection first", async () => {
    // In the running app the poller (started by the instrumentation hook, its own copy of every module) opens
    // routers' connections first; the pages then get that copy's errors from the shared pool.
    const { tenant } = await createTenantFixture(conn.db);
    const router = await insertRouter(conn.db, tenant.id, { port: CLOSED_PORT, password: "s3cret" });
    vi.resetModules();
    const pollerCopy = await import("@/lib/routers/access");
    await releaseRouter(router.id);
    delete (globalThis as { netsphereRouterPool?: unknown }).netsphereRouterPool;
    await expect(pollerCopy.pooledClient(router)).rejects.toThrow(/ECONNREFUSED/);
    try {
      const list = await listRouterInterfaces(conn.db, { tenantId: tenant.id, routerId: router.id });
      expect(list).toMatchObject({ live: false, interfaces: [], message: expect.stringMatching(/^Could not connect: /) });
    } finally {
      await pollerCopy.releaseRouter(router.id);
      delete (globalThis as { netsphereRouterPool?: unknown }).netsphereRouterPool;
    }
  });
});
