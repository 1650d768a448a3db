/*
 * Customers as the report builder reads them: one select of this room's own table, tenant-filtered, with the columns
 * a report may show (never the search text or notes). The reports room joins it by `id` and picks fields from it.
 */
import { eq } from "drizzle-orm";
import { QueryBuilder } from "drizzle-orm/pg-core";
import { customers } from "@/lib/customers/schema";
export { customerStatuses } from "@/lib/customers/values";

export function customerReportRows(tenantId: string, alias = "report_customers") {
  return new QueryBuilder()
    .select({
      id: customers.id,
      accountNumber: customers.accountNumber,
      name: customers.name,
      email: customers.email,
      phone: customers.phone,
      city: customers.city,
      barangay: customers.barangay,
      status: customers.status,
      taxExempt: customers.taxExempt,
      tin: customers.tin,
      balanceCentavos: customers.balanceCentavos,
      createdAt: customers.createdAt,
    })
    .from(customers)
    .where(eq(customers.tenantId, tenantId))
    .as(alias);
}
