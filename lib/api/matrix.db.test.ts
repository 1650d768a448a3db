/*
 * Every endpoint of /api/v1 against the two rules no endpoint may bend, read from the registry so a new endpoint is
 * covered the day it is added: a key without the endpoint's scope is refused and changes nothing, and another ISP's
 * id in the path reads as not found (for reads and changes alike). Every read with our own ids answers in the shape
 * the OpenAPI document gives (callApi checks each successful answer against the endpoint's schema).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sql } from "drizzle-orm";
import { apiHandler, type AnyEndpoint } from "@/lib/api/endpoint";
import { apiEndpoints } from "@/lib/api/registry";
import { scopeAllows } from "@/lib/api/rules";
import { apiScopes } from "@/lib/api/values";
import { auditLog } from "@/lib/audit/schema";
import { createTicket } from "@/lib/tickets/service";
import { rowsOf } from "@/lib/db/bulk";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { insertInvoice, insertPayment } from "@/tests/support/billing";
import { insertPlan, insertRouter, insertSubscriber } from "@/tests/support/network";
import { apiKeyFor, callApi } from "@/tests/support/api";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
vi.mock("@/lib/db", () => ({ getDb: async () => conn.db, crossTenantDb: async () => conn.db, tenantDb: async (id: string) => conn.forTenant(id) }));

/** One ISP's records, one of each kind an endpoint's `{id}` names. */
type World = {
  tenantId: string;
  customer: string;
  subscription: string;
  plan: string;
  router: string;
  invoice: string;
  payment: string;
  ticket: string;
};

async function worldOf(name: string): Promise<World> {
  const isp = await createTenantFixture(conn.db, { name });
  const tenantId = isp.tenant.id;
  const plan = await insertPlan(conn.db, tenantId);
  const spare = await insertPlan(conn.db, tenantId, { name: `${name} Fiber 100` });
  const router = await insertRouter(conn.db, tenantId, { port: 1, password: "x" });
  const subscriber = await insertSubscriber(conn.db, tenantId, { planId: plan.id, routerId: router.id, username: `matrix-${name.length}` });
  const invoice = await insertInvoice(conn.db, {
    tenantId,
    customerId: subscriber.customer.id,
    number: `INV-M-${name.length}`,
    lines: [{ amount: 149_900 }],
  });
  const payment = await insertPayment(conn.db, { tenantId, customerId: subscriber.customer.id, amount: 50_000 });
  const ticket = await createTicket(
    conn.db,
    { kind: "staff", tenantId, userId: isp.ctx.support.userId, userName: "Support" },
    { subject: "No internet", description: "", category: "other", customerId: subscriber.customer.id },
  );
  spareplans.set(tenantId, spare.id);
  return {
    tenantId,
    customer: subscriber.customer.id,
    subscription: subscriber.subscription.id,
    plan: plan.id,
    router: router.id,
    invoice: invoice.id,
    payment: payment.id,
    ticket: ticket.id,
  };
}
const spareplans = new Map<string, string>();

let ours: World;
let theirs: World;

beforeAll(async () => {
  conn = await createTestDatabase();
  ours = await worldOf("Bayan Fiber");
  theirs = await worldOf("Kabila Wireless");
});
afterAll(async () => {
  await conn?.close();
});

/** The record an endpoint's `{id}` names, by its path's first segment. */
function idFor(endpoint: AnyEndpoint, world: World): string {
  const kind = endpoint.path.split("/")[1];
  const ids: Record<string, string> = {
    customers: world.customer,
    subscriptions: world.subscription,
    plans: world.plan,
    routers: world.router,
    invoices: world.invoice,
    payments: world.payment,
    tickets: world.ticket,
  };
  const id = ids[kind];
  if (!id) throw new Error(`the matrix does not know which record ${endpoint.path} names: add it to idFor`);
  return id;
}

/** A body the endpoint accepts (validation runs before the record is looked up, so a 404 needs a valid body). */
function validBody(endpoint: AnyEndpoint, world: World): unknown {
  const bodies: Record<string, unknown> = {
    createCustomer: { name: "Matrix Customer", phone: "09171234567", city: "Batangas City" },
    updateCustomer: { name: "Changed By Matrix" },
    createSubscription: { customerId: world.customer, planId: world.plan, startDate: "2026-01-01" },
    activateSubscription: {},
    suspendSubscription: { reason: "Checked by the matrix" },
    reactivateSubscription: {},
    changeSubscriptionPlan: { planId: spareplans.get(world.tenantId) },
    terminateSubscription: { reason: "Checked by the matrix" },
    recordPayment: { customerId: world.customer, amountCentavos: 1000, method: "cash" },
    createTicket: { subject: "Matrix ticket", description: "", category: "other", customerId: world.customer },
    replyToTicket: { body: "Checked by the matrix" },
  };
  if (!endpoint.body) return undefined;
  if (!(endpoint.operationId in bodies)) throw new Error(`the matrix has no body for ${endpoint.operationId}: add one to validBody`);
  return bodies[endpoint.operationId];
}

const call = (endpoint: AnyEndpoint, key: string, world: World, idOf: World = world) => {
  const params = endpoint.params ? { id: idFor(endpoint, idOf) } : undefined;
  const path = endpoint.path.replace("{id}", params?.id ?? "");
  return callApi(apiHandler(endpoint), { method: endpoint.method, path, params, key, body: validBody(endpoint, world) });
};

/** What a refused write must not have changed: our ISP's rows that the API's writes touch. */
async function footprint(tenantId: string) {
  const [row] = rowsOf<Record<string, number | string>>(
    await conn.db.execute(sql`
    select (select count(*)::int from customers where tenant_id = ${tenantId}) as customers,
           (select count(*)::int from customers where tenant_id = ${tenantId} and name = 'Changed By Matrix') as renamed,
           (select count(*)::int from subscriptions where tenant_id = ${tenantId}) as subscriptions,
           (select string_agg(status::text || plan_id::text, ',' order by id) from subscriptions where tenant_id = ${tenantId}) as states,
           (select count(*)::int from payments where tenant_id = ${tenantId}) as payments,
           (select count(*)::int from tickets where tenant_id = ${tenantId}) as tickets,
           (select count(*)::int from ticket_messages where tenant_id = ${tenantId}) as messages`),
  );
  return row;
}

describe("every /api/v1 endpoint", () => {
  it("refuses a key that has every scope but its own, and changes nothing", async () => {
    const before = await footprint(ours.tenantId);
    const refusals: string[] = [];
    for (const endpoint of apiEndpoints) {
      const others = apiScopes.filter((scope) => !scopeAllows([scope], endpoint.scope));
      const { key } = await apiKeyFor(conn.db, ours.tenantId, others);
      const answer = await call(endpoint, key, ours);
      if (answer.status !== 403 || !String(answer.body.detail).includes(endpoint.scope)) refusals.push(`${endpoint.operationId}: ${answer.status}`);
    }
    expect(refusals).toEqual([]);
    expect(await footprint(ours.tenantId)).toEqual(before);
    // Each refusal is in the ISP's audit log.
    const [{ refused }] = await conn.db
      .select({ refused: sql<number>`count(*)::int` })
      .from(auditLog)
      .where(sql`${auditLog.tenantId} = ${ours.tenantId} and ${auditLog.action} = 'api.refused'`);
    expect(refused).toBe(apiEndpoints.length);
  });

  it("answers not found for another ISP's id in the path, reads and changes alike, and changes nothing of theirs", async () => {
    const { key } = await apiKeyFor(conn.db, ours.tenantId, [...apiScopes]);
    const before = await footprint(theirs.tenantId);
    const leaks: string[] = [];
    const withIds = apiEndpoints.filter((endpoint) => endpoint.params);
    expect(withIds.length).toBeGreaterThan(10);
    for (const endpoint of withIds) {
      const answer = await call(endpoint, key, ours, theirs);
      if (answer.status !== 404) leaks.push(`${endpoint.operationId}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
    }
    expect(leaks).toEqual([]);
    expect(await footprint(theirs.tenantId)).toEqual(before);
  });

  it("answers every read of our own records in the documented shape", async () => {
    const { key } = await apiKeyFor(conn.db, ours.tenantId, [...apiScopes]);
    const failed: string[] = [];
    for (const endpoint of apiEndpoints.filter((e) => e.method === "GET")) {
      // callApi fails the test if a successful answer differs from the endpoint's documented schema.
      const answer = await call(endpoint, key, ours);
      if (answer.status !== 200) failed.push(`${endpoint.operationId}: ${answer.status} ${JSON.stringify(answer.body).slice(0, 200)}`);
    }
    expect(failed).toEqual([]);
  });
});
