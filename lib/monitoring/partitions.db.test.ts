/* Time partitions on a real database: rows that came early wait in the default partition and move in, the app role cannot reach a partition directly, two runs at once are safe. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq, sql } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import type { Connection } from "@/lib/db/connect";
import { rowsOf } from "@/lib/db/bulk";
import { clock } from "@/lib/core/clock";
import { tenantHandle } from "@/lib/db/tenant-bound";
import { trafficPoints } from "./schema";
import { insertSimulatedRouters } from "./fixtures";
import { maintainPartitions, partitionName, partitionStart } from "./partitions";

let conn: Connection;
let tenantId: string;
let routerId: string;
/** Far enough ahead that the partitions made when the database was prepared do not cover it yet. */
const now = new Date(partitionStart(clock.ms(), "day", 800) + 10 * 3_600_000);

beforeAll(async () => {
  conn = await createTestDatabase();
  ({
    tenant: { id: tenantId },
  } = await createTenantFixture(conn.db));
  [{ id: routerId }] = await insertSimulatedRouters(conn.db, tenantId, [{ name: "Partition test", port: 1, username: "u", password: "p" }]);
});
afterAll(async () => conn?.close());

const whereIs = async (bucket: Date) =>
  rowsOf<{ partition: string }>(
    await conn.db.execute(sql`select tableoid::regclass::text as partition from traffic_points where router_id = ${routerId} and bucket = ${bucket.toISOString()}::timestamptz`),
  ).map((row) => row.partition.replace(/"/g, ""));

describe("time partitions", () => {
  it("moves rows that arrived before their partition into it when it is made, and routes later rows straight there", async () => {
    const early = new Date(now.getTime() - 3_600_000);
    await conn.db.insert(trafficPoints).values({ tenantId, routerId, subjectType: "interface", subject: "ether1", resolution: "1m", bucket: early, rxBytes: 5, txBytes: 7 });
    expect(await whereIs(early)).toEqual(["traffic_points_1m_default"]);
    const summary = await maintainPartitions(conn.db, now);
    expect(summary.created).toBeGreaterThan(40);
    const today = partitionName("traffic_points_1m", partitionStart(now.getTime(), "day"));
    expect(await whereIs(early)).toEqual([today]);
    const later = new Date(now.getTime() + 2 * 86_400_000);
    await conn.db.insert(trafficPoints).values({ tenantId, routerId, subjectType: "interface", subject: "ether1", resolution: "1m", bucket: later, rxBytes: 1, txBytes: 1 });
    expect(await whereIs(later)).toEqual([partitionName("traffic_points_1m", partitionStart(later.getTime(), "day"))]);
    // Nothing left to do a second time, even twice at once.
    const again = await Promise.all([maintainPartitions(conn.db, now), maintainPartitions(conn.db, now)]);
    expect(again.map((s) => s.created + s.dropped)).toEqual([0, 0]);
  });

  it("lets the app role read its ISP's rows through the parent only, never a partition directly", async () => {
    const staff = tenantHandle(conn.db, tenantId);
    const rows = await staff.select().from(trafficPoints).where(eq(trafficPoints.routerId, routerId));
    expect(rows.length).toBeGreaterThan(0);
    const today = partitionName("traffic_points_1m", partitionStart(now.getTime(), "day"));
    await expect(staff.execute(sql.raw(`select count(*) from "${today}"`))).rejects.toMatchObject({ cause: { message: expect.stringMatching(/permission denied/) } });
  });
});
