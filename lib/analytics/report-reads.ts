/*
 * Per-subscriber usage over the analytics periods (today, 7 and 30 days, this and last month) as the report builder
 * reads it: the sums the `analytics-refresh` job keeps, one row per subscription and period (its routers added up).
 */
import { sql } from "drizzle-orm";
import { QueryBuilder } from "drizzle-orm/pg-core";
import { subscriberPeriodUsage } from "@/lib/analytics/schema";

export function usageReportRows(tenantId: string, alias = "report_usage") {
  const u = subscriberPeriodUsage;
  return new QueryBuilder()
    .select({
      period: u.period,
      subscriptionId: sql<string>`${u.subject}::uuid`.as("subscription_id"),
      downloadBytes: sql<number>`sum(${u.downloadBytes})::bigint`.as("download_bytes"),
      uploadBytes: sql<number>`sum(${u.uploadBytes})::bigint`.as("upload_bytes"),
      totalBytes: sql<number>`sum(${u.downloadBytes} + ${u.uploadBytes})::bigint`.as("total_bytes"),
    })
    .from(u)
    // Subjects are subscription ids; anything else (an interface) is not a subscriber's usage.
    .where(sql`${u.tenantId} = ${tenantId} and ${u.subject} ~ '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'`)
    .groupBy(u.period, u.subject)
    .as(alias);
}

