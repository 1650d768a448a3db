import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import type { Connection } from "@/lib/db/connect";
import type { StaffContext } from "@/lib/auth/context";
import { subscriptions } from "@/lib/subscriptions/schema";
import { trafficPoints } from "@/lib/monitoring/schema";
import { insertSimulatedRouters, insertSubscriptions } from "@/lib/monitoring/fixtures";
import { periodRange } from "./periods";
import { planUsage } from "./plan-usage";
import { GB } from "./values";

let conn: Connection;
let owner: StaffContext;
// Noon on 11 November in Manila: the month so far is 10.5 days.
const now = new Date("2026-11-11T04:00:00Z");
const range = periodRange({ kind: "month" }, "Asia/Manila", now);

beforeAll(async () => {
  conn = await createTestDatabase();
  const fixture = await createTenantFixture(conn.db);
  owner = fixture.ctx.owner;
  const tenantId = owner.tenantId;
  const [router] = await insertSimulatedRouters(conn.db, tenantId, [{ name: "R1", port: 1, username: "u", password: "p" }]);
  // One plan (25 Mbps down) with four subscribers: heavy, light, silent, and one terminated.
  const subs = await insertSubscriptions(
    conn.db,
    tenantId,
    ["heavy", "light", "silent", "gone"].map((username) => ({ routerId: router.id, username })),
  );
  await conn.db
    .update(subscriptions)
    .set({ status: "terminated" })
    .where(eq(subscriptions.id, subs.get("gone")!));
  const other = await createTenantFixture(conn.db, { name: "Other ISP" });
  const [otherRouter] = await insertSimulatedRouters(conn.db, other.tenant.id, [{ name: "X", port: 2, username: "u", password: "p" }]);
  await insertSubscriptions(conn.db, other.tenant.id, [{ routerId: otherRouter.id, username: "theirs" }]);
  const day = (subject: string, bucket: string, txBytes: number, rxBytes: number) => ({
    tenantId,
    routerId: router.id,
    subjectType: "subscription" as const,
    subject,
    resolution: "1d" as const,
    bucket: new Date(bucket),
    txBytes,
    rxBytes,
  });
  await conn.db.insert(trafficPoints).values([
    day(subs.get("heavy")!, "2026-11-05T00:00:00Z", 240 * GB, 20 * GB),
    day(subs.get("light")!, "2026-11-05T00:00:00Z", 12 * GB, 1 * GB),
    // Last month's usage does not count.
    day(subs.get("silent")!, "2026-10-20T00:00:00Z", 500 * GB, 0),
    day(subs.get("gone")!, "2026-11-05T00:00:00Z", 900 * GB, 0),
  ]);
});

afterAll(async () => conn?.close());

describe("planUsage", () => {
  it("buckets the ISP's active subscribers of each plan by this month's volume, silent ones included", async () => {
    const usage = await planUsage(owner.db, { tenantId: owner.tenantId, range, now });
    expect(usage.seconds).toBe(10.5 * 86_400);
    expect(usage.plans).toHaveLength(1);
    const [plan] = usage.plans;
    expect(plan).toMatchObject({
      subscribers: 3,
      buckets: { under10: 1, "10to50": 1, "50to100": 0, "100to250": 0, over250: 1 },
      totalBytes: 273 * GB,
    });
    // 25 Mbps over 10.5 days carries 2.835 TB; 5 % is 141.75 GB: the light and the silent subscriber are under it.
    expect(plan.light).toBe(2);
  });
});
