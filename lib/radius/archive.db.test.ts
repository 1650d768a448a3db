import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { radiusAccounting, radiusAccountingArchive } from "@/lib/radius/schema";
import { archiveEndedSessions, maintainAccountingArchive } from "@/lib/radius/archive";
import { radiusSessionsOf } from "@/lib/radius/sessions";
import { partitionName, partitionStart } from "@/lib/db/partitions";
import { rowsOf } from "@/lib/db/bulk";
import { clock } from "@/lib/core/clock";

let conn: Awaited<ReturnType<typeof createTestDatabase>>;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => conn?.close());

const DAY = 86_400_000;

describe("the RADIUS accounting archive", () => {
  it("moves sessions ended over a day ago out of radacct, by month, and the subscriber's history reads both", async () => {
    const { tenant } = await createTenantFixture(conn.db, { name: "Nasugbu Fiber" });
    const now = clock.now();
    const at = (days: number) => new Date(now.getTime() - days * DAY);
    const session = async (username: string, started: number, ended: number | null) => {
      const id = randomUUID();
      await conn.db.insert(radiusAccounting).values({
        tenantId: tenant.id,
        acctsessionid: id.slice(0, 8),
        acctuniqueid: id,
        username,
        nasipaddress: "127.0.42.1",
        acctstarttime: at(started),
        acctstoptime: ended === null ? null : at(ended),
        acctterminatecause: ended === null ? null : "User-Request",
        acctoutputoctets: started * 1000,
      });
    };
    await session("maria", 3, null); // open for three days
    await session("maria", 0.5, 0.1); // ended two hours ago
    await session("maria", 2.5, 2); // ended two days ago
    await session("maria", 41, 40); // ended forty days ago, another month
    await session("maria", 420, 419); // past the retention (a year by default)

    expect(await archiveEndedSessions(conn.db, now)).toEqual({ archived: 3 });
    const left = await conn.db.select({ stop: radiusAccounting.acctstoptime }).from(radiusAccounting).where(eq(radiusAccounting.tenantId, tenant.id));
    expect(left.map((r) => r.stop?.getTime() ?? null).sort()).toEqual([at(0.1).getTime(), null].sort());
    // A second run finds nothing more to move.
    expect(await archiveEndedSessions(conn.db, now)).toEqual({ archived: 0 });

    const history = await radiusSessionsOf(conn.db, { tenantId: tenant.id, username: "maria" });
    expect(history.map((s) => s.downloadBytes)).toEqual([3000, 500, 2500, 41000, 420000]);

    // The months are made and the rows that waited in the default partition moved in; the expired one is gone.
    const summary = await maintainAccountingArchive(conn.db, now);
    expect(summary.created).toBeGreaterThanOrEqual(3);
    expect(summary.strayRowsDeleted).toBe(1);
    const partitions = rowsOf<{ name: string }>(
      await conn.db.execute(sql`select c.relname as name from pg_inherits i join pg_class c on c.oid = i.inhrelid
        where i.inhparent = 'radius.radacct_archive'::regclass`),
    ).map((r) => r.name);
    expect(partitions).toContain(partitionName("radacct_archive", partitionStart(at(40).getTime(), "month")));
    expect(partitions).toContain(partitionName("radacct_archive", partitionStart(now.getTime(), "month", 2)));
    const stray = rowsOf<{ n: number }>(
      await conn.db.execute(sql`select count(*)::int as n from radius.radacct_archive_default where tenant_id = ${tenant.id}`),
    );
    expect(stray[0].n).toBe(0);
    const archived = await conn.db.select().from(radiusAccountingArchive).where(eq(radiusAccountingArchive.tenantId, tenant.id));
    expect(archived.map((r) => r.acctoutputoctets).sort((x, y) => x! - y!)).toEqual([2500, 41000]);
    expect((await radiusSessionsOf(conn.db, { tenantId: tenant.id, username: "maria" })).map((s) => s.downloadBytes)).toEqual([
      3000, 500, 2500, 41000,
    ]);
    // Again: nothing to make, move or drop.
    expect(await maintainAccountingArchive(conn.db, now)).toEqual({ archived: 0, created: 0, dropped: 0, strayRowsDeleted: 0 });
  });
});
