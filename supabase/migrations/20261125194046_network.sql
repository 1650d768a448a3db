CREATE TABLE "reconcile_runs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"router_id" uuid NOT NULL,
	"trigger" text NOT NULL,
	"dry_run" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"summary" jsonb,
	"changes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"error" text,
	"round_trips" integer DEFAULT 0 NOT NULL,
	"requested_by" text,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "router_health" (
	"tenant_id" uuid NOT NULL,
	"router_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"cpu_load" integer NOT NULL,
	"free_memory" bigint NOT NULL,
	"total_memory" bigint NOT NULL,
	"uptime_seconds" integer NOT NULL,
	CONSTRAINT "router_health_router_id_at_pk" PRIMARY KEY("router_id","at")
);
--> statement-breakpoint
CREATE TABLE "traffic_counters" (
	"router_id" uuid NOT NULL,
	"subject_type" text NOT NULL,
	"subject" text NOT NULL,
	"rx_counter" text NOT NULL,
	"tx_counter" text NOT NULL,
	"read_at" timestamp with time zone NOT NULL,
	CONSTRAINT "traffic_counters_router_id_subject_type_subject_pk" PRIMARY KEY("router_id","subject_type","subject")
);
--> statement-breakpoint
CREATE TABLE "traffic_points" (
	"tenant_id" uuid NOT NULL,
	"router_id" uuid NOT NULL,
	"subject_type" text NOT NULL,
	"subject" text NOT NULL,
	"resolution" text NOT NULL,
	"bucket" timestamp with time zone NOT NULL,
	"rx_bytes" bigint DEFAULT 0 NOT NULL,
	"tx_bytes" bigint DEFAULT 0 NOT NULL,
	"rx_max_bps" bigint DEFAULT 0 NOT NULL,
	"tx_max_bps" bigint DEFAULT 0 NOT NULL,
	CONSTRAINT "traffic_points_router_id_subject_type_subject_resolution_bucket_pk" PRIMARY KEY("router_id","subject_type","subject","resolution","bucket")
);
--> statement-breakpoint
CREATE TABLE "voucher_batches" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"router_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"name" text NOT NULL,
	"count" integer NOT NULL,
	"price_centavos" bigint NOT NULL,
	"validity_seconds" integer NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "vouchers" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"batch_id" uuid NOT NULL,
	"router_id" uuid NOT NULL,
	"code" text NOT NULL,
	"status" text DEFAULT 'unused' NOT NULL,
	"first_used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "queue_tree_nodes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"router_id" uuid NOT NULL,
	"name" text NOT NULL,
	"parent_id" uuid,
	"parent_interface" text DEFAULT 'global' NOT NULL,
	"packet_mark" text DEFAULT '' NOT NULL,
	"max_limit_bps" bigint DEFAULT 0 NOT NULL,
	"limit_at_bps" bigint DEFAULT 0 NOT NULL,
	"priority" integer DEFAULT 8 NOT NULL,
	"queue_type" text DEFAULT 'default-small' NOT NULL,
	"site_id" uuid,
	"plan_id" uuid,
	"comment" text DEFAULT '' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "isolation_mode" text DEFAULT 'both' NOT NULL;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "isolation_profile" text DEFAULT 'netsphere-isolir' NOT NULL;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "isolation_address_list" text DEFAULT 'netsphere-isolir' NOT NULL;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "isolation_rate_limit" text DEFAULT '256k/256k' NOT NULL;--> statement-breakpoint
ALTER TABLE "service_plans" ADD COLUMN "queue_mode" text DEFAULT 'profile' NOT NULL;--> statement-breakpoint
ALTER TABLE "service_plans" ADD COLUMN "address_pool" text;--> statement-breakpoint
ALTER TABLE "service_plans" ADD COLUMN "shared_users" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "routers" ADD COLUMN "transport" text DEFAULT 'api' NOT NULL;--> statement-breakpoint
ALTER TABLE "routers" ADD COLUMN "rest_port" integer DEFAULT 443 NOT NULL;--> statement-breakpoint
ALTER TABLE "routers" ADD COLUMN "tls_fingerprint" text;--> statement-breakpoint
ALTER TABLE "routers" ADD COLUMN "encoding" text DEFAULT 'windows-1252' NOT NULL;--> statement-breakpoint
ALTER TABLE "routers" ADD COLUMN "last_error" text;--> statement-breakpoint
ALTER TABLE "routers" ADD COLUMN "latitude" double precision;--> statement-breakpoint
ALTER TABLE "routers" ADD COLUMN "longitude" double precision;--> statement-breakpoint
ALTER TABLE "routers" ADD COLUMN "reconcile_failures" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "routers" ADD COLUMN "next_reconcile_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "routers" ADD COLUMN "last_reconciled_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "suspended_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "suspended_reason" text;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "provision_state" text DEFAULT 'pending' NOT NULL;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "provision_error" text;--> statement-breakpoint
ALTER TABLE "subscriptions" ADD COLUMN "provisioned_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "reconcile_runs" ADD CONSTRAINT "reconcile_runs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconcile_runs" ADD CONSTRAINT "reconcile_runs_router_id_routers_id_fk" FOREIGN KEY ("router_id") REFERENCES "public"."routers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reconcile_runs" ADD CONSTRAINT "reconcile_runs_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "router_health" ADD CONSTRAINT "router_health_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "router_health" ADD CONSTRAINT "router_health_router_id_routers_id_fk" FOREIGN KEY ("router_id") REFERENCES "public"."routers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "traffic_counters" ADD CONSTRAINT "traffic_counters_router_id_routers_id_fk" FOREIGN KEY ("router_id") REFERENCES "public"."routers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "traffic_points" ADD CONSTRAINT "traffic_points_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "traffic_points" ADD CONSTRAINT "traffic_points_router_id_routers_id_fk" FOREIGN KEY ("router_id") REFERENCES "public"."routers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voucher_batches" ADD CONSTRAINT "voucher_batches_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voucher_batches" ADD CONSTRAINT "voucher_batches_router_id_routers_id_fk" FOREIGN KEY ("router_id") REFERENCES "public"."routers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voucher_batches" ADD CONSTRAINT "voucher_batches_plan_id_service_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."service_plans"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "voucher_batches" ADD CONSTRAINT "voucher_batches_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_batch_id_voucher_batches_id_fk" FOREIGN KEY ("batch_id") REFERENCES "public"."voucher_batches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "vouchers" ADD CONSTRAINT "vouchers_router_id_routers_id_fk" FOREIGN KEY ("router_id") REFERENCES "public"."routers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_tree_nodes" ADD CONSTRAINT "queue_tree_nodes_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_tree_nodes" ADD CONSTRAINT "queue_tree_nodes_router_id_routers_id_fk" FOREIGN KEY ("router_id") REFERENCES "public"."routers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_tree_nodes" ADD CONSTRAINT "queue_tree_nodes_parent_id_queue_tree_nodes_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."queue_tree_nodes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_tree_nodes" ADD CONSTRAINT "queue_tree_nodes_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "queue_tree_nodes" ADD CONSTRAINT "queue_tree_nodes_plan_id_service_plans_id_fk" FOREIGN KEY ("plan_id") REFERENCES "public"."service_plans"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "reconcile_runs_one_running_idx" ON "reconcile_runs" USING btree ("router_id") WHERE status = 'running';--> statement-breakpoint
CREATE INDEX "reconcile_runs_router_started_idx" ON "reconcile_runs" USING btree ("router_id","started_at");--> statement-breakpoint
CREATE INDEX "reconcile_runs_tenant_started_idx" ON "reconcile_runs" USING btree ("tenant_id","started_at");--> statement-breakpoint
CREATE INDEX "traffic_points_tenant_bucket_idx" ON "traffic_points" USING btree ("tenant_id","resolution","bucket");--> statement-breakpoint
CREATE INDEX "voucher_batches_tenant_idx" ON "voucher_batches" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "vouchers_tenant_code_idx" ON "vouchers" USING btree ("tenant_id","code");--> statement-breakpoint
CREATE INDEX "vouchers_batch_idx" ON "vouchers" USING btree ("batch_id");--> statement-breakpoint
CREATE INDEX "vouchers_router_idx" ON "vouchers" USING btree ("router_id");--> statement-breakpoint
CREATE UNIQUE INDEX "queue_tree_nodes_router_name_idx" ON "queue_tree_nodes" USING btree ("router_id","name");--> statement-breakpoint
CREATE INDEX "queue_tree_nodes_tenant_idx" ON "queue_tree_nodes" USING btree ("tenant_id");--> statement-breakpoint
-- Row-level security for the network tables (see the row_level_security migration).
ALTER TABLE "reconcile_runs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "reconcile_runs_tenant_isolation" ON "reconcile_runs" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE "traffic_points" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "traffic_points_tenant_isolation" ON "traffic_points" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE "router_health" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "router_health_tenant_isolation" ON "router_health" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE "voucher_batches" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "voucher_batches_tenant_isolation" ON "voucher_batches" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE "vouchers" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "vouchers_tenant_isolation" ON "vouchers" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE "queue_tree_nodes" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "queue_tree_nodes_tenant_isolation" ON "queue_tree_nodes" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
-- traffic_counters: poller bookkeeping without a tenant column, no policy: invisible to every role but the owner.
ALTER TABLE "traffic_counters" ENABLE ROW LEVEL SECURITY;
