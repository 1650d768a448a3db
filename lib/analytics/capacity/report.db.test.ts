import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import type { Connection } from "@/lib/db/connect";
import { clock } from "@/lib/core/clock";
import { todayIn } from "@/lib/core/calendar";
import { zonedInstant } from "@/lib/core/time-zones";
import { networkLinks } from "@/lib/topology/schema";
import { trafficPoints } from "@/lib/monitoring/schema";
import { notificationOutbox } from "@/lib/notify/schema";
import { insertSimulatedRouters } from "@/lib/monitoring/fixtures";
import { actorOf } from "@/lib/audit/record";
import { updateCapacityThreshold } from "@/lib/tenants/service";
import { sendMonthlyCapacityReports } from "./report";

const HOUR = 3_600_000;
const WEEK = 7 * 24 * HOUR;
let conn: Connection;
let tenantId: string;
let keenTenantId: string;
const now = clock.now();

beforeAll(async () => {
  conn = await createTestDatabase();
  const fixture = await createTenantFixture(conn.db);
  tenantId = fixture.tenant.id;
  await seedRisingLink(fixture.tenant);
  // Another ISP with the same link plans to 60 % of capacity.
  const keen = await createTenantFixture(conn.db, { name: "Keen ISP" });
  keenTenantId = keen.tenant.id;
  await seedRisingLink(keen.tenant);
  await updateCapacityThreshold(conn.db, actorOf(keen.ctx.owner), { percent: 60 });
});

async function seedRisingLink({ id: tenantId, timezone }: { id: string; timezone: string }) {
  const end = new Date(zonedInstant(todayIn(timezone || "Asia/Manila", now), 0, timezone || "Asia/Manila"));
  const [core, edge] = await insertSimulatedRouters(conn.db, tenantId, [
    { name: "Core", port: 1, username: "u", password: "p" },
    { name: "Edge", port: 2, username: "u", password: "p" },
  ]);
  await conn.db
    .insert(networkLinks)
    .values({ tenantId, aRouterId: core.id, aInterface: "sfp1", bRouterId: edge.id, bInterface: "sfp1", source: "manual", capacityMbps: 100 });
  // Six weeks rising 5 points a week to 70 %: it saturates in about two weeks.
  const points = [];
  for (let week = 0; week < 6; week += 1) {
    for (let hour = 0; hour < 168; hour += 1) {
      points.push({
        tenantId,
        routerId: core.id,
        subjectType: "interface" as const,
        subject: "sfp1",
        resolution: "1h" as const,
        bucket: new Date(end.getTime() - (6 - week) * WEEK + hour * HOUR),
        rxBytes: ((45 + 5 * week) * 1e6 * 3600) / 8,
        txBytes: 0,
      });
    }
  }
  await conn.db.insert(trafficPoints).values(points);
}

afterAll(async () => {
  await conn?.close();
});

describe("sendMonthlyCapacityReports", () => {
  it("emails the owner and the admin this month's report once, however often it runs", async () => {
    const first = await sendMonthlyCapacityReports(conn.db, { now, tenantId });
    const second = await sendMonthlyCapacityReports(conn.db, { now, tenantId });
    const rows = await conn.db
      .select()
      .from(notificationOutbox)
      .where(and(eq(notificationOutbox.tenantId, tenantId), eq(notificationOutbox.event, "capacity_report")));
    expect(rows).toHaveLength(2);
    expect(rows.every((row) => row.channel === "email")).toBe(true);
    expect(first).toEqual({ tenants: 1, messages: 2 });
    expect(second).toEqual(first);
    const body = rows[0].body;
    expect(body).toContain("1 of your 3 links, routers and IP pools is forecast to saturate within 12 months.");
    expect(body).toContain("planned to 80 % of capacity");
    expect(body).toContain("sfp1 on Core: Reaches 80 % around");
    expect(body).toContain("/network/analytics/capacity");
  });

  it("plans to the ISP's own threshold: at 60 % the same link is over it now", async () => {
    await sendMonthlyCapacityReports(conn.db, { now, tenantId: keenTenantId });
    const [row] = await conn.db
      .select()
      .from(notificationOutbox)
      .where(and(eq(notificationOutbox.tenantId, keenTenantId), eq(notificationOutbox.event, "capacity_report")));
    expect(row.body).toContain("planned to 60 % of capacity");
    expect(row.body).toContain("sfp1 on Core: Over 60 % now");
  });
});
