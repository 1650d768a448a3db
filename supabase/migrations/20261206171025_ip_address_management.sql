CREATE TABLE "ip_assignments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"address" text NOT NULL,
	"version" integer NOT NULL,
	"pool_id" uuid,
	"subscription_id" uuid,
	"status" text DEFAULT 'assigned' NOT NULL,
	"assigned_at" timestamp with time zone NOT NULL,
	"released_at" timestamp with time zone,
	"quarantine_until" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "ip_pools" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"prefix_id" uuid NOT NULL,
	"name" text NOT NULL,
	"range" text NOT NULL,
	"quarantine_days" integer DEFAULT 30 NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "ip_prefixes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"prefix" text NOT NULL,
	"version" integer NOT NULL,
	"status" text DEFAULT 'active' NOT NULL,
	"site_id" uuid,
	"vlan" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "ip_assignments" ADD CONSTRAINT "ip_assignments_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ip_assignments" ADD CONSTRAINT "ip_assignments_pool_id_ip_pools_id_fk" FOREIGN KEY ("pool_id") REFERENCES "public"."ip_pools"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ip_assignments" ADD CONSTRAINT "ip_assignments_subscription_id_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."subscriptions"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ip_pools" ADD CONSTRAINT "ip_pools_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ip_pools" ADD CONSTRAINT "ip_pools_prefix_id_ip_prefixes_id_fk" FOREIGN KEY ("prefix_id") REFERENCES "public"."ip_prefixes"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ip_prefixes" ADD CONSTRAINT "ip_prefixes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ip_prefixes" ADD CONSTRAINT "ip_prefixes_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "ip_assignments_tenant_address_idx" ON "ip_assignments" USING btree ("tenant_id","address");--> statement-breakpoint
CREATE INDEX "ip_assignments_subscription_idx" ON "ip_assignments" USING btree ("subscription_id");--> statement-breakpoint
CREATE INDEX "ip_assignments_pool_idx" ON "ip_assignments" USING btree ("pool_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ip_pools_prefix_name_idx" ON "ip_pools" USING btree ("prefix_id","name");--> statement-breakpoint
CREATE INDEX "ip_pools_tenant_idx" ON "ip_pools" USING btree ("tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "ip_prefixes_tenant_prefix_idx" ON "ip_prefixes" USING btree ("tenant_id","prefix");--> statement-breakpoint
ALTER TABLE "ip_prefixes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "ip_prefixes_tenant_isolation" ON "ip_prefixes" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE "ip_pools" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "ip_pools_tenant_isolation" ON "ip_pools" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE "ip_assignments" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "ip_assignments_tenant_isolation" ON "ip_assignments" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);
--> statement-breakpoint
INSERT INTO "ip_assignments" ("tenant_id", "address", "version", "subscription_id", "status", "assigned_at")
SELECT DISTINCT ON ("tenant_id", "static_ip") "tenant_id", "static_ip", 4, "id", 'assigned', "created_at"
FROM "subscriptions" WHERE "static_ip" IS NOT NULL AND "status" <> 'terminated'
ORDER BY "tenant_id", "static_ip", "created_at";
