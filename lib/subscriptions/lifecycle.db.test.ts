import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { actorOf } from "@/lib/audit/record";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { addWebhookEndpoint, queuedWebhookEvents } from "@/tests/support/webhooks";
import type { Connection } from "@/lib/db/connect";
import { endSubscription, moveSubscriptions } from "./lifecycle";
import { activateSubscription } from "./service";
import { subscriptions } from "./schema";
import { customers } from "@/lib/customers/schema";
import { eq } from "drizzle-orm";
import { addDays, todayIn } from "@/lib/core/calendar";

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => conn?.close());

describe("the lifecycle's webhook events", () => {
  it("queues subscription.suspended, .reactivated and .terminated with each move, and nothing for a skipped one", async () => {
    const { tenant, ctx } = await createTenantFixture(conn.db);
    const actor = actorOf(ctx.billing);
    const plan = await insertPlan(conn.db, tenant.id);
    const router = await insertRouter(conn.db, tenant.id, { port: 1, password: "secret" });
    const { customer, subscription } = await insertSubscriber(conn.db, tenant.id, { planId: plan.id, routerId: router.id, username: "juan" });
    await addWebhookEndpoint(conn.db, tenant.id, ["subscription.suspended", "subscription.reactivated", "subscription.terminated"]);

    await conn.db.transaction((tx) =>
      moveSubscriptions(tx, actor, { subscriptionIds: [subscription.id], today: "2026-12-01", to: "suspended", reason: "Overdue INV-1", source: "nonpayment" }),
    );
    // Already suspended: skipped, nothing to tell.
    await conn.db.transaction((tx) =>
      moveSubscriptions(tx, actor, { subscriptionIds: [subscription.id], today: "2026-12-01", to: "suspended", reason: "Again", source: "manual" }),
    );
    const [suspended] = await queuedWebhookEvents(conn.db, tenant.id);
    expect(suspended).toMatchObject({
      type: "subscription.suspended",
      data: {
        id: subscription.id,
        customerId: customer.id,
        planId: plan.id,
        routerId: router.id,
        username: "juan",
        status: "suspended",
        previousStatus: "active",
        reason: "Overdue INV-1",
        suspensionSource: "nonpayment",
      },
    });
    expect(await queuedWebhookEvents(conn.db, tenant.id)).toHaveLength(1);

    await conn.db.transaction((tx) => moveSubscriptions(tx, actor, { subscriptionIds: [subscription.id], today: "2026-12-03", to: "active", reason: "Paid" }));
    const [reactivated] = await queuedWebhookEvents(conn.db, tenant.id, "subscription.reactivated");
    expect(reactivated.data).toMatchObject({ id: subscription.id, status: "active", previousStatus: "suspended", reason: "Paid" });

    await conn.db.transaction((tx) =>
      endSubscription(tx, actor, { subscriptionId: subscription.id, endDate: "2026-12-15", billedThrough: "2026-12-15", reason: "Moved away", creditNote: null }),
    );
    const [terminated] = await queuedWebhookEvents(conn.db, tenant.id, "subscription.terminated");
    expect(terminated.data).toMatchObject({ id: subscription.id, status: "terminated", previousStatus: "active", reason: "Moved away", endDate: "2026-12-15" });
    expect(await queuedWebhookEvents(conn.db, tenant.id)).toHaveLength(3);
  });
});

describe("activating a pending subscription", () => {
  it("starts service and billing today, makes the customer active, queues subscription.activated, and refuses anything not pending", async () => {
    const { tenant, ctx } = await createTenantFixture(conn.db);
    const actor = actorOf(ctx.support);
    const plan = await insertPlan(conn.db, tenant.id);
    const router = await insertRouter(conn.db, tenant.id, { port: 1, password: "secret" });
    const { customer, subscription } = await insertSubscriber(conn.db, tenant.id, { planId: plan.id, routerId: router.id, username: "lito", status: "pending" });
    const today = todayIn(tenant.timezone);
    await conn.db.update(customers).set({ status: "lead" }).where(eq(customers.id, customer.id));
    // Planned weeks ago, with billing positioned for that start.
    await conn.db.update(subscriptions).set({ startDate: addDays(today, -40), billedThrough: addDays(today, -41) }).where(eq(subscriptions.id, subscription.id));
    await addWebhookEndpoint(conn.db, tenant.id, ["subscription.activated"]);

    const result = await activateSubscription(conn.db, actor, { subscriptionId: subscription.id, note: "Installed, ONU ZTE-123" });
    expect(result).toEqual({ routerId: router.id, startDate: today });
    const [row] = await conn.db.select().from(subscriptions).where(eq(subscriptions.id, subscription.id));
    expect(row).toMatchObject({ status: "active", startDate: today, provisionState: "pending" });
    // Billed from its start date, today: none of the days it waited is ever billed.
    expect(row.billedThrough).toBeNull();
    const [after] = await conn.db.select({ status: customers.status }).from(customers).where(eq(customers.id, customer.id));
    expect(after.status).toBe("active");
    const [event] = await queuedWebhookEvents(conn.db, tenant.id, "subscription.activated");
    expect(event.data).toMatchObject({ id: subscription.id, status: "active", previousStatus: "pending", reason: "Installed, ONU ZTE-123", startDate: today });

    await expect(activateSubscription(conn.db, actor, { subscriptionId: subscription.id, note: "Again" })).rejects.toThrow(
      "Only a pending subscription can be activated; this one is active.",
    );
    expect(await queuedWebhookEvents(conn.db, tenant.id)).toHaveLength(1);
  });
});
