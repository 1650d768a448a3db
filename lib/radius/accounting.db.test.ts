import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertRouter } from "@/tests/support/network";
import { radiusAccounting, radiusNas } from "@/lib/radius/schema";
import { encryptForRadius } from "@/lib/radius/crypto";
import { closeStaleSessions } from "@/lib/radius/accounting";
import { closeStaleRadiusSessionsJob } from "@/lib/radius/jobs";
import { runJob } from "@/lib/jobs/define";
import { clock } from "@/lib/core/clock";

let conn: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => conn?.close());

const minutesAgo = (now: Date, minutes: number) => new Date(now.getTime() - minutes * 60_000);

/** An ISP with one router in RADIUS mode at `nasname`, sending interim updates every `interimSeconds`. */
async function nasOf(name: string, nasname: string, interimSeconds: number) {
  const { tenant } = await createTenantFixture(conn.db, { name });
  const router = await insertRouter(conn.db, tenant.id, { port: 1, password: "x" });
  await conn.db.insert(radiusNas).values({ tenantId: tenant.id, routerId: router.id, nasname, shortname: "r", secret: encryptForRadius("s"), interimSeconds });
  return { tenantId: tenant.id, nasname };
}

async function session(
  nas: { tenantId: string; nasname: string },
  { started, updated, stopped }: { started: Date; updated?: Date; stopped?: Date },
) {
  const id = randomUUID();
  const [row] = await conn.db
    .insert(radiusAccounting)
    .values({
      tenantId: nas.tenantId,
      acctsessionid: id.slice(0, 8),
      acctuniqueid: id,
      username: "alice",
      nasipaddress: nas.nasname,
      acctstarttime: started,
      acctupdatetime: updated ?? null,
      acctstoptime: stopped ?? null,
      acctterminatecause: stopped ? "User-Request" : null,
    })
    .returning();
  return row.radacctid;
}

const rowOf = async (id: number) => (await conn.db.select().from(radiusAccounting).where(eq(radiusAccounting.radacctid, id)))[0];

describe("closing stale RADIUS sessions", () => {
  it("closes a session silent for three of its NAS's interim intervals at its last update, and leaves the rest open", async () => {
    const now = clock.now();
    const everyMinute = await nasOf("Minute ISP", "127.0.40.1", 60);
    const everyFive = await nasOf("Five-minute ISP", "127.0.40.2", 300);
    const silent = await session(everyMinute, { started: minutesAgo(now, 30), updated: minutesAgo(now, 4) });
    const talking = await session(everyMinute, { started: minutesAgo(now, 30), updated: minutesAgo(now, 2) });
    const slowButAlive = await session(everyFive, { started: minutesAgo(now, 30), updated: minutesAgo(now, 12) });
    const neverUpdated = await session(everyFive, { started: minutesAgo(now, 16) });
    const stopped = await session(everyFive, { started: minutesAgo(now, 60), updated: minutesAgo(now, 50), stopped: minutesAgo(now, 45) });

    expect(await closeStaleSessions(conn.db, now)).toEqual({ closed: 2, isps: 2 });

    expect(await rowOf(silent)).toMatchObject({ acctstoptime: minutesAgo(now, 4), acctterminatecause: "Stale-Session", acctsessiontime: 26 * 60 });
    expect(await rowOf(neverUpdated)).toMatchObject({ acctstoptime: minutesAgo(now, 16), acctterminatecause: "Stale-Session" });
    for (const open of [talking, slowButAlive]) expect(await rowOf(open)).toMatchObject({ acctstoptime: null, acctterminatecause: null });
    expect(await rowOf(stopped)).toMatchObject({ acctstoptime: minutesAgo(now, 45), acctterminatecause: "User-Request" });

    // Twice is the same as once.
    expect(await closeStaleSessions(conn.db, now)).toEqual({ closed: 0, isps: 0 });
  });

  it("closes a session of a router no longer in RADIUS mode after three default intervals (15 minutes), as the scheduled job", async () => {
    const now = clock.now();
    const { tenant } = await createTenantFixture(conn.db, { name: "Switched-back ISP" });
    const gone = { tenantId: tenant.id, nasname: "127.0.40.9" };
    const recent = await session(gone, { started: minutesAgo(now, 20), updated: minutesAgo(now, 10) });
    const old = await session(gone, { started: minutesAgo(now, 40), updated: minutesAgo(now, 16) });

    const summary = await runJob(closeStaleRadiusSessionsJob, { db: conn.db, now: () => now, signal: new AbortController().signal, runner: "test" });

    expect(summary).toMatchObject({ closed: 1 });
    expect(await rowOf(old)).toMatchObject({ acctterminatecause: "Stale-Session", acctstoptime: minutesAgo(now, 16) });
    expect(await rowOf(recent)).toMatchObject({ acctstoptime: null });
  });
});
