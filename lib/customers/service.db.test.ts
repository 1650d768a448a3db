import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { actorOf } from "@/lib/audit/record";
import { customerTimeline } from "@/lib/audit/queries";
import { countOpenLeads } from "@/lib/customers/queries";
import { convertLeadToCustomer, createCustomer, createLead, getCustomer, setLeadStage, updateCustomer } from "@/lib/customers/service";
import { createPlan } from "@/lib/plans/service";
import { listSubscriptionsOfCustomer, revealSubscriptionPassword } from "@/lib/subscriptions/service";
import { subscriptions } from "@/lib/subscriptions/schema";
import { customerFieldsSchema, leadFieldsSchema } from "@/lib/customers/rules";
import { planFieldsSchema } from "@/lib/plans/rules";
import { executeAction } from "@/lib/core/action";
import { createCustomerAction } from "@/lib/customers/actions/save-customer";
import type { Connection } from "@/lib/db/connect";
import { addWebhookEndpoint, queuedWebhookEvents } from "@/tests/support/webhooks";

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => conn?.close());

const fields = (over: Record<string, unknown> = {}) =>
  customerFieldsSchema.parse({ name: "Maria Santos", phone: "0917 555 1234", city: "Lipa", ...over });

describe("customers", () => {
  it("creates customers with per-tenant account numbers and a PPPoE account with an encrypted password", async () => {
    const { ctx } = await createTenantFixture(conn.db);
    const actor = actorOf(ctx.support);
    const plan = await createPlan(
      conn.db,
      actorOf(ctx.owner),
      planFieldsSchema.parse({ name: "Fiber 25", type: "pppoe", downloadMbps: 25, uploadMbps: 25, price: "999" }),
    );
    const first = await createCustomer(conn.db, actor, {
      fields: fields(),
      subscription: { planId: plan.id, routerId: null, startDate: "2026-11-01", status: "active", staticIp: null },
    });
    const second = await createCustomer(conn.db, actor, { fields: fields({ name: "Jose Reyes" }) });
    expect([first.accountNumber, second.accountNumber]).toEqual(["ACC-000001", "ACC-000002"]);
    const [sub] = await listSubscriptionsOfCustomer(conn.db, { tenantId: ctx.owner.tenantId, customerId: first.id });
    expect(sub).toMatchObject({ username: "acc-000001", planName: "Fiber 25", status: "active" });
    const [raw] = await conn.db.select().from(subscriptions);
    expect(raw.passwordEncrypted).toMatch(/^v1:/);
    const password = await revealSubscriptionPassword(conn.db, actor, { subscriptionId: sub.id });
    expect(password).toMatch(/^[a-zA-Z0-9]{10}$/);
    expect(raw.passwordEncrypted).not.toContain(password);
    // The username is searchable.
    expect((await getCustomer(conn.db, { tenantId: ctx.owner.tenantId, customerId: first.id })).searchText).toContain("acc-000001");
  });

  it("keeps field errors and writes nothing for invalid input through the action", async () => {
    const { ctx } = await createTenantFixture(conn.db);
    await expect(
      executeAction(createCustomerAction.definition, ctx.support, { customer: { name: "", email: "not-an-email", latitude: "200" } }),
    ).rejects.toMatchObject({
      code: "validation",
      fieldErrors: {
        "customer.name": ["Name is required"],
        "customer.email": ["Enter a valid email"],
        "customer.latitude": ["Latitude must be between -90 and 90"],
      },
    });
  });

  it("refuses a customer beyond the plan's cap with an upgrade link", async () => {
    const { ctx } = await createTenantFixture(conn.db, { saasPlanId: "basic" });
    const actor = actorOf(ctx.owner);
    const { customers } = await import("@/lib/customers/schema");
    await conn.db
      .insert(customers)
      .values(Array.from({ length: 100 }, (_, i) => ({ tenantId: ctx.owner.tenantId, accountNumber: `X-${i}`, name: `C${i}` })));
    await expect(createCustomer(conn.db, actor, { fields: fields() })).rejects.toMatchObject({
      code: "plan_limit",
      details: { upgradeUrl: "/settings/plan" },
    });
  });

  it("records before/after of every change on the customer's timeline", async () => {
    const { ctx } = await createTenantFixture(conn.db);
    const actor = actorOf(ctx.support);
    const c = await createCustomer(conn.db, actor, { fields: fields() });
    await updateCustomer(conn.db, actor, { customerId: c.id, fields: fields({ status: "suspended", phone: "0918 000 0000" }) });
    const timeline = await customerTimeline(conn.db, { tenantId: ctx.support.tenantId, customerId: c.id });
    expect(timeline.map((e) => e.action)).toEqual(["customer.updated", "customer.created"]);
    expect(timeline[0]).toMatchObject({
      actorLabel: "support user",
      before: { status: "active", phone: "0917 555 1234" },
      after: { status: "suspended", phone: "0918 000 0000" },
    });
  });

  it("converts a lead into a customer and keeps the lead's history on the customer's timeline", async () => {
    const { ctx } = await createTenantFixture(conn.db);
    const actor = actorOf(ctx.support);
    const lead = await createLead(
      conn.db,
      actor,
      leadFieldsSchema.parse({ name: "Elena Magsino", phone: "0918 222 3344", source: "Facebook page!" }),
    );
    await setLeadStage(conn.db, actor, { leadId: lead.id, stage: "site_survey" });
    const customer = await convertLeadToCustomer(conn.db, actor, { leadId: lead.id });
    expect(customer).toMatchObject({ name: "Elena Magsino", phone: "0918 222 3344", tags: ["facebook page"], status: "active" });
    const timeline = await customerTimeline(conn.db, { tenantId: ctx.support.tenantId, customerId: customer.id });
    expect(timeline.map((e) => e.action).sort()).toEqual(
      ["customer.converted_from_lead", "lead.converted", "lead.created", "lead.stage_changed"].sort(),
    );
    await expect(convertLeadToCustomer(conn.db, actor, { leadId: lead.id })).rejects.toMatchObject({ code: "conflict" });
  });
  it("counts open leads as the pipeline does: new, contacted and site survey; not won, lost or prospect customers", async () => {
    const { ctx } = await createTenantFixture(conn.db);
    const actor = actorOf(ctx.support);
    for (const stage of ["new", "contacted", "site_survey", "won", "lost"] as const) {
      const lead = await createLead(conn.db, actor, leadFieldsSchema.parse({ name: `Lead ${stage}`, phone: "0918 222 3344" }));
      if (stage === "won") await convertLeadToCustomer(conn.db, actor, { leadId: lead.id });
      else if (stage !== "new") await setLeadStage(conn.db, actor, { leadId: lead.id, stage });
    }
    await createCustomer(conn.db, actor, { fields: fields({ name: "Prospect without service", status: "lead" }) });
    expect(await countOpenLeads(conn.db, { tenantId: ctx.support.tenantId })).toBe(3);
  });

  it("tells the ISP's webhook endpoints: customer.created for a new or converted customer, subscription.activated for a service that starts active", async () => {
    const { ctx } = await createTenantFixture(conn.db);
    const tenantId = ctx.owner.tenantId;
    const actor = actorOf(ctx.support);
    const plan = await createPlan(conn.db, actorOf(ctx.owner), planFieldsSchema.parse({ name: "Fiber 50", type: "pppoe", downloadMbps: 50, uploadMbps: 50, price: "1499" }));
    await createCustomer(conn.db, actor, { fields: fields({ name: "Before any endpoint" }) });
    expect(await queuedWebhookEvents(conn.db, tenantId)).toEqual([]);

    await addWebhookEndpoint(conn.db, tenantId);
    const customer = await createCustomer(conn.db, actor, {
      fields: fields({ email: "maria@example.ph" }),
      subscription: { planId: plan.id, routerId: null, startDate: "2026-11-01", status: "active", staticIp: null },
    });
    const [created] = await queuedWebhookEvents(conn.db, tenantId, "customer.created");
    expect(created.data).toEqual({
      id: customer.id,
      accountNumber: "ACC-000002",
      name: "Maria Santos",
      email: "maria@example.ph",
      phone: "0917 555 1234",
      status: "active",
      serviceAddress: "",
      barangay: "",
      city: "Lipa",
      tags: [],
      source: "staff",
      createdAt: customer.createdAt.toISOString(),
    });
    const [activated] = await queuedWebhookEvents(conn.db, tenantId, "subscription.activated");
    expect(activated.data).toMatchObject({ customerId: customer.id, planId: plan.id, username: "acc-000002", status: "active", previousStatus: null, startDate: "2026-11-01" });

    const lead = await createLead(conn.db, actor, leadFieldsSchema.parse({ name: "Elena Magsino", phone: "0918 222 3344" }));
    const converted = await convertLeadToCustomer(conn.db, actor, { leadId: lead.id });
    const fromLead = (await queuedWebhookEvents(conn.db, tenantId, "customer.created")).find((event) => event.data.id === converted.id);
    expect(fromLead?.data).toMatchObject({ name: "Elena Magsino", source: "lead", leadId: lead.id });
    // A refused customer queues nothing.
    await expect(createCustomer(conn.db, actor, { fields: fields(), subscription: { planId: crypto.randomUUID(), routerId: null, startDate: "2026-11-01", status: "active", staticIp: null } })).rejects.toMatchObject({ code: "validation" });
    expect(await queuedWebhookEvents(conn.db, tenantId, "customer.created")).toHaveLength(2);
  });
});
