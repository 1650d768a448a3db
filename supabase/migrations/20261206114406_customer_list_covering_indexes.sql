-- Each index gains the column its query needs next, so that query reads the index alone: the id ending every
-- customer sort (a deep page's ids), the customer of a subscription (the list's plan and router filters).
DROP INDEX "customers_tenant_created_idx";--> statement-breakpoint
DROP INDEX "customers_tenant_name_idx";--> statement-breakpoint
DROP INDEX "subscriptions_tenant_plan_idx";--> statement-breakpoint
DROP INDEX "subscriptions_tenant_router_idx";--> statement-breakpoint
CREATE INDEX "customers_tenant_created_idx" ON "customers" USING btree ("tenant_id","created_at","id");--> statement-breakpoint
CREATE INDEX "customers_tenant_name_idx" ON "customers" USING btree ("tenant_id","name","id");--> statement-breakpoint
CREATE INDEX "subscriptions_tenant_plan_idx" ON "subscriptions" USING btree ("tenant_id","plan_id","customer_id");--> statement-breakpoint
CREATE INDEX "subscriptions_tenant_router_idx" ON "subscriptions" USING btree ("tenant_id","router_id","customer_id");--> statement-breakpoint
-- A plan or router belongs to one ISP, but the planner multiplies the two conditions' selectivities and expected a
-- router's subscriptions ten times too few at a hundred ISPs (a filtered page then joined all 30,000 of them to
-- sort out 50). These tell it plan_id and router_id decide tenant_id; written by hand (drizzle-kit has no
-- statistics objects), and analysed here so they count from now on.
CREATE STATISTICS "subscriptions_tenant_plan_stats" (dependencies) ON "tenant_id", "plan_id" FROM "subscriptions";--> statement-breakpoint
CREATE STATISTICS "subscriptions_tenant_router_stats" (dependencies) ON "tenant_id", "router_id" FROM "subscriptions";--> statement-breakpoint
ANALYZE "subscriptions";
