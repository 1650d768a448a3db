/*
 * The poller's copy of a router's alert states: reused while this process evaluated the router's previous poll,
 * read again when another worker polled it in between.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import type { Connection } from "@/lib/db/connect";
import type { Router } from "@/lib/routers/schema";
import { insertSimulatedRouters } from "@/lib/monitoring/fixtures";
import { alertObjectStates, incidents } from "./schema";
import { forgetCachedRules, listAlertRules } from "./rules-service";
import { evaluatePoll, forgetRouterMemory } from "./evaluate";

const T0 = Date.parse("2026-03-02T08:00:05Z");
const at = (seconds: number) => new Date(T0 + seconds * 1000);

let conn: Connection;
let router: Router;
let tenantId: string;

/** A poll that found the router silent, `previous` seconds being when the router was polled before (by anyone). */
const silentPoll = (seconds: number, previous: number | null) =>
  evaluatePoll(conn.db, {
    tenantId,
    routerId: router.id,
    routerName: router.name,
    siteId: null,
    at: at(seconds),
    previousPollAt: previous === null ? null : at(previous),
    reachable: false,
    health: null,
    interfaces: null,
    sessions: null,
    pppoeSessions: null,
  });

const openIncidents = () => conn.db.select().from(incidents).where(eq(incidents.tenantId, tenantId));

beforeAll(async () => {
  conn = await createTestDatabase();
  tenantId = (await createTenantFixture(conn.db)).tenant.id;
  // Never contacted: the polls below are handed to the rules directly.
  [router] = await insertSimulatedRouters(conn.db, tenantId, [{ name: "Tower-9", port: 1, username: "api", password: "pw" }]);
  await listAlertRules(conn.db, { tenantId });
  forgetCachedRules();
  forgetRouterMemory();
});

afterAll(async () => {
  forgetRouterMemory();
  await conn?.close();
});

describe("alert states across pollers", () => {
  it("a router another worker saw answering in between is judged from what that worker stored, not from this process's copy", async () => {
    await silentPoll(0, null);
    // Another worker polled at 30 s, found the router answering and cleared its state.
    await conn.db.delete(alertObjectStates).where(eq(alertObjectStates.routerId, router.id));
    // Silent since 60 s only: the 60 s delay of "Router unreachable" has not passed, whatever this process saw at 0 s.
    await silentPoll(60, 30);
    expect(await openIncidents()).toEqual([]);
    // From here on this process polls it alone: its copy carries the state on and the incident opens on time.
    await silentPoll(90, 60);
    expect(await openIncidents()).toEqual([]);
    await silentPoll(120, 90);
    const [incident] = await openIncidents();
    expect(incident).toMatchObject({ title: "Tower-9 unreachable", status: "open" });
    expect(incident.openedAt.getTime()).toBe(at(120).getTime());
  });
});
