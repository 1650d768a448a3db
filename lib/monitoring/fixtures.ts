/*
 * Rows that point the poller at simulated routers, for the monitoring tests and the poll benchmark:
 * routers on 127.0.0.1 and subscriptions (with a plan and customers) whose usernames match the
 * simulator's PPPoE secrets and hotspot users. Set-based inserts, so a thousand routers take one statement.
 */
import { encryptSecret } from "@/lib/core/crypto";
import type { DbOrTx } from "@/lib/db/types";
import { customers } from "@/lib/customers/schema";
import { servicePlans } from "@/lib/plans/schema";
import { routers, type Router } from "@/lib/routers/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { routerHealth } from "./schema";

export type SimulatedRouterRow = { name: string; port: number; username: string; password: string };

export async function insertSimulatedRouters(db: DbOrTx, tenantId: string, rows: SimulatedRouterRow[]): Promise<Router[]> {
  if (rows.length === 0) return [];
  return db
    .insert(routers)
    .values(
      rows.map((row) => ({
        tenantId,
        name: row.name,
        host: "127.0.0.1",
        apiPort: row.port,
        username: row.username,
        passwordEncrypted: encryptSecret(row.password),
      })),
    )
    .returning();
}

/** One plan, then one customer and one active subscription per username; returns subscription ids by username. */
export async function insertSubscriptions(
  db: DbOrTx,
  tenantId: string,
  entries: { routerId: string; username: string }[],
  planType: "pppoe" | "hotspot" = "pppoe",
): Promise<Map<string, string>> {
  if (entries.length === 0) return new Map();
  const [plan] = await db
    .insert(servicePlans)
    .values({
      tenantId,
      name: `Monitoring ${planType} ${entries[0].username}`,
      type: planType,
      downloadKbps: 25_000,
      uploadKbps: 10_000,
      priceCentavos: 150_000,
    })
    .returning({ id: servicePlans.id });
  const customerRows = await db
    .insert(customers)
    .values(entries.map((entry, index) => ({ tenantId, accountNumber: `MON-${entry.username}-${index}`, name: `Subscriber ${entry.username}` })))
    .returning({ id: customers.id });
  const rows = await db
    .insert(subscriptions)
    .values(
      entries.map((entry, index) => ({
        tenantId,
        customerId: customerRows[index].id,
        planId: plan.id,
        routerId: entry.routerId,
        username: entry.username,
        passwordEncrypted: encryptSecret(`pw-${entry.username}`),
        startDate: "2026-01-01",
      })),
    )
    .returning({ id: subscriptions.id, username: subscriptions.username });
  return new Map(rows.map((row) => [row.username, row.id]));
}

/** Health readings as the poller stores them (CPU and memory at rest), for tests of what is judged from them. */
export async function insertHealthReadings(db: DbOrTx, tenantId: string, readings: { routerId: string; at: Date; pppoeSessions: number }[]) {
  if (readings.length === 0) return;
  await db.insert(routerHealth).values(
    readings.map((r) => ({ tenantId, routerId: r.routerId, at: r.at, cpuLoad: 5, freeMemory: 200_000_000, totalMemory: 256_000_000, uptimeSeconds: 86_400, pppoeSessions: r.pppoeSessions })),
  );
}
