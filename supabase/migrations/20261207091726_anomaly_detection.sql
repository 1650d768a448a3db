CREATE TABLE "analytics_anomalies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"router_id" uuid NOT NULL,
	"object_kind" text NOT NULL,
	"object_id" text NOT NULL,
	"metric" text NOT NULL,
	"kind" text NOT NULL,
	"direction" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"ended_at" timestamp with time zone NOT NULL,
	"severity" double precision NOT NULL,
	"expected" double precision NOT NULL,
	"actual" double precision NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"feedback" text,
	"feedback_by" text,
	"feedback_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "analytics_anomaly_baselines" (
	"tenant_id" uuid NOT NULL,
	"router_id" uuid NOT NULL,
	"object_kind" text NOT NULL,
	"object_id" text NOT NULL,
	"metric" text NOT NULL,
	"medians" double precision[] NOT NULL,
	"mads" double precision[] NOT NULL,
	"counts" integer[] NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "analytics_anomaly_baselines_router_id_object_kind_object_id_metric_pk" PRIMARY KEY("router_id","object_kind","object_id","metric")
);
--> statement-breakpoint
CREATE TABLE "analytics_anomaly_tuning" (
	"tenant_id" uuid NOT NULL,
	"router_id" uuid NOT NULL,
	"object_kind" text NOT NULL,
	"object_id" text NOT NULL,
	"sensitivity" double precision DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "analytics_anomaly_tuning_router_id_object_kind_object_id_pk" PRIMARY KEY("router_id","object_kind","object_id")
);
--> statement-breakpoint
ALTER TABLE "analytics_anomalies" ADD CONSTRAINT "analytics_anomalies_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_anomalies" ADD CONSTRAINT "analytics_anomalies_router_id_routers_id_fk" FOREIGN KEY ("router_id") REFERENCES "public"."routers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_anomalies" ADD CONSTRAINT "analytics_anomalies_feedback_by_users_id_fk" FOREIGN KEY ("feedback_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_anomaly_baselines" ADD CONSTRAINT "analytics_anomaly_baselines_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_anomaly_baselines" ADD CONSTRAINT "analytics_anomaly_baselines_router_id_routers_id_fk" FOREIGN KEY ("router_id") REFERENCES "public"."routers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_anomaly_tuning" ADD CONSTRAINT "analytics_anomaly_tuning_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "analytics_anomaly_tuning" ADD CONSTRAINT "analytics_anomaly_tuning_router_id_routers_id_fk" FOREIGN KEY ("router_id") REFERENCES "public"."routers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "analytics_anomalies_object_start_idx" ON "analytics_anomalies" USING btree ("router_id","object_kind","object_id","metric","started_at");--> statement-breakpoint
CREATE INDEX "analytics_anomalies_tenant_idx" ON "analytics_anomalies" USING btree ("tenant_id","status","started_at");--> statement-breakpoint
CREATE INDEX "analytics_anomaly_baselines_tenant_idx" ON "analytics_anomaly_baselines" USING btree ("tenant_id","computed_at");--> statement-breakpoint
CREATE INDEX "analytics_anomaly_tuning_tenant_idx" ON "analytics_anomaly_tuning" USING btree ("tenant_id");--> statement-breakpoint
ALTER TABLE "analytics_anomalies" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "analytics_anomalies_tenant_isolation" ON "analytics_anomalies" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE "analytics_anomaly_tuning" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "analytics_anomaly_tuning_tenant_isolation" ON "analytics_anomaly_tuning" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);
--> statement-breakpoint
ALTER TABLE "analytics_anomaly_baselines" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "analytics_anomaly_baselines_tenant_isolation" ON "analytics_anomaly_baselines" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);
