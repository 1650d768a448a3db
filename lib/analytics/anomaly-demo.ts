/*
 * Anomalies for the demo ISP, as history (all closed, so nothing is open to page anyone): a cut on one router's
 * uplink that staff marked a real issue, an evening spike on another's, a router's CPU out of its band, and a
 * subscriber uploading far above their own history for most of a day.
 */
import { sql } from "drizzle-orm";
import type { Db } from "@/lib/db/types";
import { rowsOf } from "@/lib/db/bulk";
import { clock } from "@/lib/core/clock";
import { listRouters } from "@/lib/routers/service";
import { analyticsAnomalies } from "./schema";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export async function seedDemoAnomalies(db: Db, { tenantId, now = clock.now() }: { tenantId: string; now?: Date }) {
  const routerRows = await listRouters(db, { tenantId });
  if (routerRows.length === 0) return;
  const [sub] = rowsOf<{ id: string; routerId: string | null }>(
    await db.execute(sql`select id, router_id as "routerId" from subscriptions where tenant_id = ${tenantId} and status = 'active' and router_id is not null order by username limit 1`),
  );
  const hour = Math.floor(now.getTime() / HOUR) * HOUR;
  const at = (hoursAgo: number, minutes = 0) => new Date(hour - hoursAgo * HOUR + minutes * MINUTE);
  const router = (index: number) => routerRows[index % routerRows.length].id;
  const common = { tenantId, status: "closed" as const, createdAt: now, updatedAt: now };
  await db.insert(analyticsAnomalies).values([
    {
      ...common,
      routerId: router(1),
      objectKind: "interface",
      objectId: "ether1",
      metric: "traffic",
      kind: "drop",
      direction: "below",
      startedAt: at(5 * 24 + 3, 10),
      endedAt: at(5 * 24 + 3, 55),
      severity: 9.7,
      expected: 412_000_000,
      actual: 2_100_000,
      feedback: "real_issue",
      feedbackAt: at(5 * 24 + 2),
    },
    { ...common, routerId: router(0), objectKind: "interface", objectId: "ether1", metric: "traffic", kind: "spike", direction: "above", startedAt: at(2 * 24 - 9, 5), endedAt: at(2 * 24 - 9, 20), severity: 11.2, expected: 380_000_000, actual: 1_450_000_000 },
    { ...common, routerId: router(2), objectKind: "router", objectId: router(2), metric: "cpu", kind: "spike", direction: "above", startedAt: at(3, 15), endedAt: at(3, 30), severity: 6.4, expected: 14, actual: 71 },
    ...(sub?.routerId
      ? [{ ...common, routerId: sub.routerId, objectKind: "subscription" as const, objectId: sub.id, metric: "upload" as const, kind: "level_shift" as const, direction: "above" as const, startedAt: at(30), endedAt: at(14), severity: 8.1, expected: 180_000, actual: 9_600_000 }]
      : []),
  ]);
}
