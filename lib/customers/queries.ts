import { and, count, desc, eq, inArray } from "drizzle-orm";
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
