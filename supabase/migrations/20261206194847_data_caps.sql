CREATE TABLE "quota_enforcements" (
	"subscription_id" uuid PRIMARY KEY NOT NULL,
	"tenant_id" uuid NOT NULL,
	"action" text NOT NULL,
	"cycle_start" date NOT NULL,
	"since" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quota_top_up_packs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"name" text NOT NULL,
	"bytes" bigint NOT NULL,
	"price_centavos" bigint NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "quota_top_ups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"subscription_id" uuid NOT NULL,
	"cycle_start" date NOT NULL,
	"pack_id" uuid,
	"name" text NOT NULL,
	"bytes" bigint NOT NULL,
	"price_centavos" bigint DEFAULT 0 NOT NULL,
	"source" text NOT NULL,
	"status" text NOT NULL,
	"invoice_id" uuid,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"granted_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "quota_usage" (
	"tenant_id" uuid NOT NULL,
	"subscription_id" uuid NOT NULL,
	"cycle_start" date NOT NULL,
	"cycle_end" date NOT NULL,
	"download_bytes" bigint DEFAULT 0 NOT NULL,
	"upload_bytes" bigint DEFAULT 0 NOT NULL,
	"warned_at" timestamp with time zone,
	"capped_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "quota_usage_subscription_id_cycle_start_pk" PRIMARY KEY("subscription_id","cycle_start")
);
--> statement-breakpoint
CREATE TABLE "quota_watermarks" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"counted_through" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "service_plans" ADD COLUMN "quota_bytes" bigint;--> statement-breakpoint
ALTER TABLE "service_plans" ADD COLUMN "quota_direction" text DEFAULT 'total' NOT NULL;--> statement-breakpoint
ALTER TABLE "service_plans" ADD COLUMN "quota_action" text DEFAULT 'throttle' NOT NULL;--> statement-breakpoint
ALTER TABLE "service_plans" ADD COLUMN "quota_throttle_rate" text;--> statement-breakpoint
ALTER TABLE "service_plans" ADD COLUMN "quota_profile" text;--> statement-breakpoint
ALTER TABLE "ip_pools" ADD COLUMN "router_id" uuid;--> statement-breakpoint
ALTER TABLE "ip_pools" ADD COLUMN "monthly_fee_centavos" bigint;--> statement-breakpoint
ALTER TABLE "quota_enforcements" ADD CONSTRAINT "quota_enforcements_subscription_id_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quota_enforcements" ADD CONSTRAINT "quota_enforcements_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quota_top_up_packs" ADD CONSTRAINT "quota_top_up_packs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quota_top_ups" ADD CONSTRAINT "quota_top_ups_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quota_top_ups" ADD CONSTRAINT "quota_top_ups_subscription_id_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quota_top_ups" ADD CONSTRAINT "quota_top_ups_pack_id_quota_top_up_packs_id_fk" FOREIGN KEY ("pack_id") REFERENCES "public"."quota_top_up_packs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quota_usage" ADD CONSTRAINT "quota_usage_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quota_usage" ADD CONSTRAINT "quota_usage_subscription_id_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quota_watermarks" ADD CONSTRAINT "quota_watermarks_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "quota_enforcements_tenant_idx" ON "quota_enforcements" USING btree ("tenant_id");--> statement-breakpoint
CREATE UNIQUE INDEX "quota_top_up_packs_tenant_name_idx" ON "quota_top_up_packs" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE INDEX "quota_top_ups_subscription_idx" ON "quota_top_ups" USING btree ("subscription_id","cycle_start");--> statement-breakpoint
CREATE INDEX "quota_top_ups_invoice_idx" ON "quota_top_ups" USING btree ("invoice_id");--> statement-breakpoint
CREATE INDEX "quota_usage_tenant_cycle_idx" ON "quota_usage" USING btree ("tenant_id","cycle_end");--> statement-breakpoint
ALTER TABLE "ip_pools" ADD CONSTRAINT "ip_pools_router_id_routers_id_fk" FOREIGN KEY ("router_id") REFERENCES "public"."routers"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "quota_usage" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "quota_usage_tenant_isolation" ON "quota_usage" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE "quota_watermarks" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "quota_watermarks_tenant_isolation" ON "quota_watermarks" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE "quota_enforcements" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "quota_enforcements_tenant_isolation" ON "quota_enforcements" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE "quota_top_up_packs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "quota_top_up_packs_tenant_isolation" ON "quota_top_up_packs" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE "quota_top_ups" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "quota_top_ups_tenant_isolation" ON "quota_top_ups" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);
