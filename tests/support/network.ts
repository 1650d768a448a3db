import { randomUUID } from "node:crypto";
import { customers } from "@/lib/customers/schema";
import { servicePlans, type ServicePlan } from "@/lib/plans/schema";
import { routers } from "@/lib/routers/schema";
import { subscriptions } from "@/lib/subscriptions/schema";
import { encryptSecret } from "@/lib/core/crypto";
import type { Db } from "@/lib/db/types";

/** A router row pointing at a simulator on 127.0.0.1. */
export async function insertRouter(db: Db, tenantId: string, { port, password, name }: { port: number; password: string; name?: string }) {
  const [router] = await db
    .insert(routers)
    .values({
      tenantId,
      name: name ?? `R-${randomUUID().slice(0, 8)}`,
      host: "127.0.0.1",
      apiPort: port,
      username: "api",
      passwordEncrypted: encryptSecret(password),
    })
    .returning();
  return router;
}

export async function insertPlan(db: Db, tenantId: string, overrides: Partial<typeof servicePlans.$inferInsert> = {}): Promise<ServicePlan> {
  const [plan] = await db
    .insert(servicePlans)
    .values({
      tenantId,
      name: `Fiber ${randomUUID().slice(0, 4)}`,
      type: "pppoe",
      downloadKbps: 50_000,
      uploadKbps: 25_000,
      priceCentavos: 149_900,
      ...overrides,
    })
    .returning();
  return plan;
}

/** A customer with one subscription on the router. */
export async function insertSubscriber(
  db: Db,
  tenantId: string,
  {
    planId,
    routerId,
    username,
    status = "active",
    staticIp = null,
  }: { planId: string; routerId: string; username: string; status?: "pending" | "active" | "suspended" | "terminated"; staticIp?: string | null },
) {
  const [customer] = await db
    .insert(customers)
    .values({
      tenantId,
      accountNumber: `ACC-${randomUUID().slice(0, 8)}`,
      name: `Subscriber ${username}`,
      status: status === "suspended" ? "suspended" : "active",
    })
    .returning();
  const [subscription] = await db
    .insert(subscriptions)
    .values({
      tenantId,
      customerId: customer.id,
      planId,
      routerId,
      username,
      passwordEncrypted: encryptSecret(`pw-${username}`),
      startDate: "2026-11-01",
      status,
      staticIp,
    })
    .returning();
  return { customer, subscription };
}
