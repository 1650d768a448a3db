/* Plans as the report builder joins them to subscriptions: name, type and price of this room's own table. */
import { eq } from "drizzle-orm";
import { QueryBuilder } from "drizzle-orm/pg-core";
import { servicePlans } from "@/lib/plans/schema";

export function planReportRows(tenantId: string, alias = "report_plans") {
  return new QueryBuilder()
    .select({ id: servicePlans.id, name: servicePlans.name, type: servicePlans.type, priceCentavos: servicePlans.priceCentavos })
    .from(servicePlans)
    .where(eq(servicePlans.tenantId, tenantId))
    .as(alias);
}
