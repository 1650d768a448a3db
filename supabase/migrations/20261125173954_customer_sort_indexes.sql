DROP INDEX "customers_tenant_status_idx";--> statement-breakpoint
DROP INDEX "customers_tenant_city_idx";--> statement-breakpoint
CREATE INDEX "customers_tenant_status_idx" ON "customers" USING btree ("tenant_id","status","name","id");--> statement-breakpoint
CREATE INDEX "customers_tenant_city_idx" ON "customers" USING btree ("tenant_id","city","name","id");