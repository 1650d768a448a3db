import { and, count, desc, eq, inArray, isNotNull } from "drizzle-orm";
import { customers, leads, type CustomerStatus } from "@/lib/customers/schema";
import type { DbOrTx } from "@/lib/db/types";
import { openLeadStages } from "@/lib/customers/rules";

export async function countCustomersByStatus(db: DbOrTx, { tenantId }: { tenantId: string }): Promise<Record<CustomerStatus, number>> {
  const rows = await db
    .select({ status: customers.status, n: count() })
    .from(customers)
    .where(eq(customers.tenantId, tenantId))
    .groupBy(customers.status);
  const out: Record<CustomerStatus, number> = { lead: 0, active: 0, suspended: 0, terminated: 0 };
  for (const r of rows) out[r.status] = r.n;
  return out;
}

/** Open leads: pipeline entries not yet won or lost (see `openLeadStages`). */
export async function countOpenLeads(db: DbOrTx, { tenantId }: { tenantId: string }): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(leads)
    .where(and(eq(leads.tenantId, tenantId), inArray(leads.stage, [...openLeadStages])));
  return row?.n ?? 0;
}

export async function listLeads(db: DbOrTx, { tenantId, stage }: { tenantId: string; stage?: string }) {
  const where = stage ? and(eq(leads.tenantId, tenantId), eq(leads.stage, stage as never)) : eq(leads.tenantId, tenantId);
  return db.select().from(leads).where(where).orderBy(desc(leads.createdAt)).limit(500);
}

export async function recentCustomers(db: DbOrTx, { tenantId, limit = 5 }: { tenantId: string; limit?: number }) {
  return db
    .select({
      id: customers.id,
      name: customers.name,
      accountNumber: customers.accountNumber,
      status: customers.status,
      createdAt: customers.createdAt,
    })
    .from(customers)
    .where(eq(customers.tenantId, tenantId))
    .orderBy(desc(customers.createdAt))
    .limit(limit);
}

/** The tenant's customers with coordinates (the network map); customers without a location are left out. */
export async function geolocatedCustomers(db: DbOrTx, { tenantId }: { tenantId: string }) {
  const rows = await db
    .select({
      id: customers.id,
      name: customers.name,
      accountNumber: customers.accountNumber,
      status: customers.status,
      latitude: customers.latitude,
      longitude: customers.longitude,
    })
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), isNotNull(customers.latitude), isNotNull(customers.longitude)))
    .orderBy(customers.accountNumber);
  return rows.map((row) => ({ ...row, latitude: row.latitude!, longitude: row.longitude! }));
}

/** Names and account numbers of some of the tenant's customers, by id (ids of other tenants are simply absent). */
export async function customerNamesByIds(db: DbOrTx, { tenantId, customerIds }: { tenantId: string; customerIds: string[] }) {
  if (customerIds.length === 0) return new Map<string, { name: string; accountNumber: string; status: CustomerStatus }>();
  const rows = await db
    .select({ id: customers.id, name: customers.name, accountNumber: customers.accountNumber, status: customers.status })
    .from(customers)
    .where(and(eq(customers.tenantId, tenantId), inArray(customers.id, [...new Set(customerIds)])));
  return new Map(rows.map((row) => [row.id, { name: row.name, accountNumber: row.accountNumber, status: row.status }]));
}
