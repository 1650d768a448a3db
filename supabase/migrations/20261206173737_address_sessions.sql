CREATE TABLE "address_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"router_id" uuid NOT NULL,
	"username" text NOT NULL,
	"address" text NOT NULL,
	"caller_id" text DEFAULT '' NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "address_sessions" ADD CONSTRAINT "address_sessions_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "address_sessions" ADD CONSTRAINT "address_sessions_router_id_routers_id_fk" FOREIGN KEY ("router_id") REFERENCES "public"."routers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "address_sessions_tenant_address_idx" ON "address_sessions" USING btree ("tenant_id","address","started_at");--> statement-breakpoint
CREATE INDEX "address_sessions_open_idx" ON "address_sessions" USING btree ("router_id") WHERE ended_at is null;--> statement-breakpoint
ALTER TABLE "address_sessions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "address_sessions_tenant_isolation" ON "address_sessions" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);
