/** A tenant with its letterhead filled in and a customer, for the billing document tests. */
import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { customers } from "@/lib/customers/schema";
import { tenants } from "@/lib/tenants/schema";
import { createTenantFixture } from "@/tests/support/fixtures";
import type { Db } from "@/lib/db/types";

export async function createBillingTenant(db: Db, name = "Batangas Fiber Net") {
  const fixture = await createTenantFixture(db, { name });
  await db
    .update(tenants)
    .set({ legalName: `${name} Corp.`, address: "C.M. Recto Ave, Lipa City, Batangas", tin: "123-456-789-000", contactPhone: "0917 123 4567" })
    .where(eq(tenants.id, fixture.tenant.id));
  return fixture;
}

export async function insertCustomer(db: Db, tenantId: string, values: Partial<typeof customers.$inferInsert> = {}) {
  const [customer] = await db
    .insert(customers)
    .values({
      tenantId,
      accountNumber: `ACC-${randomUUID().slice(0, 6)}`,
      name: "Juan Dela Cruz",
      email: "juan@example.com",
      serviceAddress: "123 Rizal St.",
      barangay: "Poblacion",
      city: "Lipa City",
      ...values,
    })
    .returning();
  return customer;
}
