import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "@/tests/support/db";
import { createTenantFixture } from "@/tests/support/fixtures";
import { actorOf } from "@/lib/audit/record";
import { customerTimeline } from "@/lib/audit/queries";
import { createCustomer, getCustomer } from "@/lib/customers/service";
import { customerFieldsSchema } from "@/lib/customers/rules";
import { executeAction } from "@/lib/core/action";
import { setCustomerLocationAction } from "@/lib/customers/actions/set-customer-location";
import type { Connection } from "@/lib/db/connect";

let conn: Connection;
beforeAll(async () => {
  conn = await createTestDatabase();
});
afterAll(async () => conn?.close());

describe("a technician saves the customer's location from the phone's GPS", () => {
  it("replaces the saved place and puts the change, with its accuracy, on the customer's timeline", async () => {
    const { ctx } = await createTenantFixture(conn.db);
    const customer = await createCustomer(conn.db, actorOf(ctx.support), {
      fields: customerFieldsSchema.parse({ name: "Maria Santos", latitude: "14.08", longitude: "121.14" }),
    });
    const result = await executeAction(setCustomerLocationAction.definition, ctx.technician, {
      customerId: customer.id,
      latitude: 14.08631,
      longitude: 121.14982,
      accuracyMeters: 8.4,
    });
    expect(result).toEqual({ latitude: 14.08631, longitude: 121.14982, replaced: true });
    expect(await getCustomer(conn.db, { tenantId: ctx.owner.tenantId, customerId: customer.id })).toMatchObject({
      latitude: 14.08631,
      longitude: 121.14982,
    });
    const timeline = await customerTimeline(conn.db, { tenantId: ctx.owner.tenantId, customerId: customer.id });
    expect(JSON.stringify(timeline)).toContain("customer.location_set");
    expect(JSON.stringify(timeline)).toContain('"accuracyMeters":8');
  });

  it("refuses a place off the globe, a role without field work and another ISP's customer", async () => {
    const { ctx } = await createTenantFixture(conn.db);
    const other = await createTenantFixture(conn.db);
    const customer = await createCustomer(conn.db, actorOf(ctx.support), { fields: customerFieldsSchema.parse({ name: "Jose Reyes" }) });
    await expect(
      executeAction(setCustomerLocationAction.definition, ctx.technician, { customerId: customer.id, latitude: 91, longitude: 121 }),
    ).rejects.toMatchObject({ code: "validation", fieldErrors: { latitude: ["Latitude must be between -90 and 90"] } });
    await expect(
      executeAction(setCustomerLocationAction.definition, ctx.billing, { customerId: customer.id, latitude: 14, longitude: 121 }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      executeAction(setCustomerLocationAction.definition, other.ctx.technician, {
        customerId: customer.id,
        latitude: 14,
        longitude: 121,
      }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect(await getCustomer(conn.db, { tenantId: ctx.owner.tenantId, customerId: customer.id })).toMatchObject({ latitude: null, longitude: null });
  });
});
