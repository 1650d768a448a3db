import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { count, eq } from "drizzle-orm";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { actorOf } from "@/lib/audit/record";
import { customerTimeline, listAuditEntries } from "@/lib/audit/queries";
import {
  addSubscriptionToCustomer,
  addTagToCustomers,
  convertLeadToCustomer,
  createCustomer,
  createLead,
  getCustomer,
  getLead,
  setCustomersStatus,
  setLeadStage,
  updateCustomer,
} from "@/lib/customers/service";
import { countCustomersByStatus, listLeads, recentCustomers } from "@/lib/customers/queries";
import { createPlan, getPlan, listPlans, updatePlan } from "@/lib/plans/service";
import { createRouter, listRouters, listSites, updateRouter, createSite } from "@/lib/routers/service";
import { listSubscriptionsOfCustomer, revealSubscriptionPassword } from "@/lib/subscriptions/service";
import { getTenantUsage } from "@/lib/tenants/limits";
import { customerFieldsSchema, leadFieldsSchema } from "@/lib/customers/rules";
import { planFieldsSchema } from "@/lib/plans/rules";
import { customers, leads } from "@/lib/customers/schema";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => conn?.close());

const plan = planFieldsSchema.parse({ name: "Fiber 50", type: "pppoe", downloadMbps: 50, uploadMbps: 50, price: "1299" });
const today = "2026-11-25";

describe("two tenants never see or touch each other's records", () => {
  it("every query and write of tenant B fails or comes back empty for tenant A's ids", async () => {
    const a = await createTenantFixture(conn.db, { name: "Tenant A" });
    const b = await createTenantFixture(conn.db, { name: "Tenant B" });
    const actorA = actorOf(a.ctx.owner);
    const actorB = actorOf(b.ctx.owner);
    const planA = await createPlan(conn.db, actorA, plan);
    const siteA = await createSite(conn.db, actorA, { name: "POP A", address: "" });
    const routerA = await createRouter(conn.db, actorA, {
      name: "R-A",
      host: "127.0.0.1",
      apiPort: 8728,
      useTls: false,
      username: "api",
      password: "secret-a",
      siteId: siteA.id,
    });
    const customerA = await createCustomer(conn.db, actorA, {
      fields: customerFieldsSchema.parse({ name: "Alice A", phone: "0917 111 2222" }),
      subscription: { planId: planA.id, routerId: routerA.id, startDate: today, status: "active", staticIp: null },
    });
    const [subA] = await listSubscriptionsOfCustomer(conn.db, { tenantId: a.tenant.id, customerId: customerA.id });
    const leadA = await createLead(conn.db, actorA, leadFieldsSchema.parse({ name: "Lead A" }));
    const tB = { tenantId: b.tenant.id };

    // Reads by id: not found, nothing revealed.
    await expect(getCustomer(conn.db, { ...tB, customerId: customerA.id })).rejects.toMatchObject({ code: "not_found" });
    await expect(getPlan(conn.db, { ...tB, planId: planA.id })).rejects.toMatchObject({ code: "not_found" });
    await expect(getLead(conn.db, { ...tB, leadId: leadA.id })).rejects.toMatchObject({ code: "not_found" });
    expect(await listSubscriptionsOfCustomer(conn.db, { ...tB, customerId: customerA.id })).toEqual([]);
    expect(await customerTimeline(conn.db, { ...tB, customerId: customerA.id })).toEqual([]);
    // Lists: only their own rows.
    expect(await listPlans(conn.db, tB)).toEqual([]);
    expect(await listRouters(conn.db, tB)).toEqual([]);
    expect(await listSites(conn.db, tB)).toEqual([]);
    expect(await listLeads(conn.db, tB)).toEqual([]);
    expect(await recentCustomers(conn.db, tB)).toEqual([]);
    expect(await countCustomersByStatus(conn.db, tB)).toEqual({ lead: 0, active: 0, suspended: 0, terminated: 0 });
    expect((await listAuditEntries(conn.db, { ...tB, filter: {}, timeZone: "Asia/Manila" })).rows).toEqual([]);
    expect(await getTenantUsage(conn.db, tB)).toMatchObject({ customers: 0, routers: 0 });

    // Writes: refused or no-ops, tenant A unchanged.
    await expect(
      updateCustomer(conn.db, actorB, { customerId: customerA.id, fields: customerFieldsSchema.parse({ name: "Hacked" }) }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(updatePlan(conn.db, actorB, { planId: planA.id, input: plan })).rejects.toMatchObject({ code: "not_found" });
    await expect(
      updateRouter(conn.db, actorB, {
        routerId: routerA.id,
        input: { name: "x", host: "127.0.0.1", apiPort: 1, useTls: false, username: "x", password: "", siteId: null },
      }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(
      addSubscriptionToCustomer(conn.db, actorB, {
        customerId: customerA.id,
        input: { planId: planA.id, routerId: null, startDate: today, status: "active", staticIp: null },
      }),
    ).rejects.toMatchObject({ code: "not_found" });
    await expect(revealSubscriptionPassword(conn.db, actorB, { subscriptionId: subA.id })).rejects.toMatchObject({ code: "not_found" });
    await expect(setLeadStage(conn.db, actorB, { leadId: leadA.id, stage: "lost" })).rejects.toMatchObject({ code: "not_found" });
    await expect(convertLeadToCustomer(conn.db, actorB, { leadId: leadA.id })).rejects.toMatchObject({ code: "not_found" });
    expect(await setCustomersStatus(conn.db, actorB, { customerIds: [customerA.id], status: "terminated" })).toEqual({ changed: 0 });
    expect(await addTagToCustomers(conn.db, actorB, { customerIds: [customerA.id], tag: "hacked" })).toEqual({ changed: 0 });
    // Tenant B cannot hang its customer on tenant A's plan or router.
    await expect(
      createCustomer(conn.db, actorB, {
        fields: customerFieldsSchema.parse({ name: "Bob B" }),
        subscription: { planId: planA.id, routerId: null, startDate: today, status: "active", staticIp: null },
      }),
    ).rejects.toMatchObject({ code: "validation", fieldErrors: { planId: ["Unknown plan"] } });
    expect((await conn.db.select({ n: count() }).from(customers).where(eq(customers.tenantId, b.tenant.id)))[0].n).toBe(0);

    const after = await getCustomer(conn.db, { tenantId: a.tenant.id, customerId: customerA.id });
    expect(after).toMatchObject({ name: "Alice A", status: "active", tags: [] });
    expect((await conn.db.select().from(leads).where(eq(leads.id, leadA.id)))[0].stage).toBe("new");
  });
});
