/*
 * Subscriptions as the report builder reads them: this room's own table, tenant-filtered. The PPPoE/hotspot password
 * is not among the columns, so no report can show it.
 */
import { eq } from "drizzle-orm";
import { QueryBuilder } from "drizzle-orm/pg-core";
import { subscriptions } from "@/lib/subscriptions/schema";
export { subscriptionStatuses } from "@/lib/subscriptions/values";

export function subscriptionReportRows(tenantId: string, alias = "report_subscriptions") {
  return new QueryBuilder()
    .select({
      id: subscriptions.id,
      customerId: subscriptions.customerId,
      planId: subscriptions.planId,
      username: subscriptions.username,
      status: subscriptions.status,
      billingMode: subscriptions.billingMode,
      provisionState: subscriptions.provisionState,
      staticIp: subscriptions.staticIp,
      macAddress: subscriptions.macAddress,
      startDate: subscriptions.startDate,
      endDate: subscriptions.endDate,
      suspendedAt: subscriptions.suspendedAt,
      createdAt: subscriptions.createdAt,
    })
    .from(subscriptions)
    .where(eq(subscriptions.tenantId, tenantId))
    .as(alias);
}
