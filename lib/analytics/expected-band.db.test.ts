import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import type { Connection } from "@/lib/db/connect";
import type { StaffContext } from "@/lib/auth/context";
import { clock } from "@/lib/core/clock";
import { trafficPoints } from "@/lib/monitoring/schema";
import { insertSimulatedRouters } from "@/lib/monitoring/fixtures";
import { interfaceExpectedBands } from "./expected-band";

const STEP = 300_000;
const HOUR = 3_600_000;
let conn: Connection;
let owner: StaffContext;
let other: StaffContext;
let routerId: string;
/** The chart's range starts here; the four weeks before it are the interface's history. */
let rangeFrom: number;

/** Bytes sent per 5 minutes: 10× more in the evening hours (18:00–23:59 UTC) than the rest of the day. */
const sentAt = (t: number) => ((t % (24 * HOUR)) / HOUR >= 18 ? 3_750_000_000 : 375_000_000);

beforeAll(async () => {
  conn = await createTestDatabase();
  owner = (await createTenantFixture(conn.db)).ctx.owner;
  other = (await createTenantFixture(conn.db, { name: "Other ISP" })).ctx.owner;
  const [router] = await insertSimulatedRouters(conn.db, owner.tenantId, [{ name: "Core", port: 1, username: "u", password: "p" }]);
  routerId = router.id;
  rangeFrom = Math.floor(clock.ms() / (24 * HOUR)) * 24 * HOUR - 24 * HOUR;
  const rows = [];
  for (let t = rangeFrom - 28 * 24 * HOUR; t < rangeFrom + 24 * HOUR; t += STEP) {
    // During the range itself the link is cut: the band must not follow it.
    const inRange = t >= rangeFrom;
    const tx = inRange ? 0 : sentAt(t);
    rows.push({ tenantId: owner.tenantId, routerId, subjectType: "interface" as const, subject: "sfp1", resolution: "5m" as const, bucket: new Date(t), txBytes: tx, rxBytes: tx / 5 });
  }
  for (let i = 0; i < rows.length; i += 1000) await conn.db.insert(trafficPoints).values(rows.slice(i, i + 1000));
}, 120_000);

afterAll(async () => {
  await conn?.close();
});

const bandsFor = (ctx: StaffContext, hours: number[]) =>
  interfaceExpectedBands(ctx.db, { tenantId: ctx.tenantId, routerId, interfaceName: "sfp1", from: new Date(rangeFrom), bucketStarts: hours.map((h) => rangeFrom + h * HOUR), bucketMs: HOUR });

describe("interfaceExpectedBands", () => {
  it("gives each direction its usual level at that hour from the four weeks before the range, not from the range", async () => {
    const { tx, rx } = await bandsFor(owner, [3, 20]);
    // 375 MB per 5 minutes is 10 Mbps; the evening 100 Mbps; received is a fifth of sent.
    expect(tx.map((p) => Math.round(p.expected / 1e6))).toEqual([10, 100]);
    expect(rx.map((p) => Math.round(p.expected / 1e6))).toEqual([2, 20]);
    // A steady link has no MAD: the band is the detector's floor, a tenth of the level either side.
    expect(tx[1].low).toBeCloseTo(90e6, -5);
    expect(tx[1].high).toBeCloseTo(110e6, -5);
  });

  it("knows nothing of another ISP's interface", async () => {
    expect(await bandsFor(other, [3, 20])).toEqual({ tx: [], rx: [] });
  });
});
