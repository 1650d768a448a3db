/* Routers as the report builder joins them to incidents: the name only (never addresses or credentials). */
import { eq } from "drizzle-orm";
import { QueryBuilder } from "drizzle-orm/pg-core";
import { routers } from "@/lib/routers/schema";

export function routerReportRows(tenantId: string, alias = "report_routers") {
  return new QueryBuilder().select({ id: routers.id, name: routers.name }).from(routers).where(eq(routers.tenantId, tenantId)).as(alias);
}
