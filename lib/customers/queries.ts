import { and, count, desc, eq } from "drizzle-orm";
import { customers, leads, type CustomerStatus } from "@/lib/customers/schema";
import type { DbOrTx } from "@/lib/db/types";

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
