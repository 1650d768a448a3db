import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import Papa from "papaparse";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { requireStaffContext } from "@/lib/auth/session";
import type { StaffContext } from "@/lib/auth/context";
import type { Connection } from "@/lib/db/connect";
import { manualClock, withClock } from "@/lib/core/clock";
import { trafficPoints } from "@/lib/monitoring/schema";
import { insertSimulatedRouters, insertSubscriptions } from "@/lib/monitoring/fixtures";
import { GET as topTalkersCsv } from "@/app/api/network/analytics/top-talkers/route";
import { GET as percentileCsv } from "@/app/api/network/analytics/percentile/route";
import { GET as plansCsv } from "@/app/api/network/analytics/plans/route";

vi.mock("@/lib/auth/session", () => ({ requireStaffContext: vi.fn() }));

let conn: Connection;
let owner: StaffContext;
let otherOwner: StaffContext;
let routerId: string;
// Mid-afternoon on 20 November in Manila.
const at = manualClock("2026-11-20T07:00:00Z");

beforeAll(async () => {
  conn = await createTestDatabase();
  owner = (await createTenantFixture(conn.db)).ctx.owner;
  otherOwner = (await createTenantFixture(conn.db, { name: "Other ISP" })).ctx.owner;
  const [router] = await insertSimulatedRouters(conn.db, owner.tenantId, [{ name: "Core-1", port: 1, username: "u", password: "p" }]);
  routerId = router.id;
  const subs = await insertSubscriptions(conn.db, owner.tenantId, [{ routerId, username: "=cmd|calc" }]);
  const now = at();
  const base = { tenantId: owner.tenantId, routerId, rxBytes: 1_000, txBytes: 3_000_000 };
  await conn.db.insert(trafficPoints).values([
    { ...base, subjectType: "subscription", subject: subs.get("=cmd|calc")!, resolution: "1h", bucket: new Date(now.getTime() - 3_600_000) },
    { ...base, subjectType: "subscription", subject: subs.get("=cmd|calc")!, resolution: "1d", bucket: new Date("2026-11-20T00:00:00Z") },
    ...Array.from({ length: 12 }, (_, i) => ({
      ...base,
      subjectType: "interface" as const,
      subject: "ether1",
      resolution: "5m" as const,
      bucket: new Date(now.getTime() - (i + 1) * 300_000),
    })),
  ]);
});

afterAll(async () => conn?.close());

const get = async (
  handler: (request: Request, context: { params: Promise<Record<string, never>> }) => Promise<Response>,
  ctx: StaffContext,
  query: string,
) => {
  vi.mocked(requireStaffContext).mockResolvedValue(ctx);
  return withClock(at, () => handler(new Request(`http://localhost/api/network/analytics/x?${query}`), { params: Promise.resolve({}) }));
};
const rowsOf = async (response: Response) => Papa.parse<string[]>((await response.text()).replace(/^\uFEFF/, "").trim()).data;

describe("analytics CSV exports", () => {
  it("top talkers: a header row, then every subscriber, a formula-like name quoted for spreadsheets", async () => {
    const response = await get(topTalkersCsv, owner, "period=today&sort=download");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe('attachment; filename="top-talkers-today.csv"');
    const [header, first, ...rest] = await rowsOf(response);
    expect(header.slice(0, 3)).toEqual(["Rank", "Account number", "Customer"]);
    expect(first[0]).toBe("1");
    expect(first[3]).toBe("'=cmd|calc");
    expect(first.slice(7, 10)).toEqual(["3000000", "1000", "3001000"]);
    expect(rest).toEqual([]);
  });

  it("95th percentile: the month's interfaces with samples and the expected count", async () => {
    const [header, row] = await rowsOf(await get(percentileCsv, owner, "month=2026-11"));
    expect(header.slice(0, 5)).toEqual(["Month", "Router", "Interface", "Samples", "Expected samples"]);
    // From Manila midnight on 1 November to 15:00 on the 20th: 19 days and 15 hours of 5-minute samples.
    expect(row.slice(0, 5)).toEqual(["2026-11", "Core-1", "ether1", "12", String(19 * 288 + 15 * 12)]);
    expect(row[7]).toBe("80000");
  });

  it("plan distribution: one row per plan with subscribers", async () => {
    const [header, row] = await rowsOf(await get(plansCsv, owner, ""));
    expect(header.slice(0, 5)).toEqual(["Month", "Plan", "Download speed (kbps)", "Active subscribers", "Under 10 GB"]);
    expect(row.slice(0, 5)).toEqual(["2026-11", expect.stringMatching(/^Monitoring/), "25000", "1", "1"]);
  });

  it("answers bad input with a 422 and field errors as JSON", async () => {
    for (const [handler, query, field] of [
      [topTalkersCsv, "period=forever", "period"],
      [topTalkersCsv, "router=not-a-uuid", "router"],
      [percentileCsv, "month=2026-13", "month"],
      [plansCsv, "month=last", "month"],
    ] as const) {
      const response = await get(handler, owner, query);
      expect(response.status).toBe(422);
      const body = (await response.json()) as { ok: boolean; code: string; fieldErrors: Record<string, string[]> };
      expect(body).toMatchObject({ ok: false, code: "validation" });
      expect(Object.keys(body.fieldErrors)).toEqual([field]);
    }
  });

  it("gives another ISP only its header row, even when asked for this ISP's router", async () => {
    expect(await rowsOf(await get(topTalkersCsv, otherOwner, "period=30d"))).toHaveLength(1);
    expect(await rowsOf(await get(percentileCsv, otherOwner, `month=2026-11&router=${routerId}`))).toHaveLength(1);
    expect(await rowsOf(await get(topTalkersCsv, otherOwner, `period=30d&router=${routerId}`))).toHaveLength(1);
  });
});
