-- Time series partitioned by time with native declarative partitioning (no extension), so a day of expired rows goes
-- with one DROP TABLE instead of a DELETE of millions of rows. traffic_points is listed by resolution, each resolution
-- ranged by bucket; router_health is ranged by `at`. The time partitions (a day for minutes, 5 minutes and health, a
-- month for hours, a year for days) are created ahead and dropped when expired by lib/monitoring/partitions.ts (the
-- traffic-rollup job); a DEFAULT partition per range catches any row no partition covers yet, and the job moves such
-- rows into their partition when it makes it. Partitions are reached only through their parent, whose row-level
-- policy applies: the app role has no privileges on them, and each has row-level security on with no policy.
ALTER TABLE "traffic_points" RENAME TO "traffic_points_unpartitioned";--> statement-breakpoint
ALTER INDEX "traffic_points_router_id_subject_type_subject_resolution_bucket_pk" RENAME TO "traffic_points_unpartitioned_pk";--> statement-breakpoint
ALTER INDEX "traffic_points_tenant_bucket_idx" RENAME TO "traffic_points_unpartitioned_tenant_bucket_idx";--> statement-breakpoint
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
) PARTITION BY LIST ("resolution");--> statement-breakpoint
ALTER TABLE "traffic_points" ADD CONSTRAINT "traffic_points_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "traffic_points" ADD CONSTRAINT "traffic_points_router_id_routers_id_fk" FOREIGN KEY ("router_id") REFERENCES "public"."routers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "traffic_points_tenant_bucket_idx" ON "traffic_points" USING btree ("tenant_id","resolution","bucket");--> statement-breakpoint
ALTER TABLE "traffic_points" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "traffic_points_tenant_isolation" ON "traffic_points" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE TABLE "traffic_points_1m" PARTITION OF "traffic_points" FOR VALUES IN ('1m') PARTITION BY RANGE ("bucket");--> statement-breakpoint
CREATE TABLE "traffic_points_1m_default" PARTITION OF "traffic_points_1m" DEFAULT;--> statement-breakpoint
CREATE TABLE "traffic_points_5m" PARTITION OF "traffic_points" FOR VALUES IN ('5m') PARTITION BY RANGE ("bucket");--> statement-breakpoint
CREATE TABLE "traffic_points_5m_default" PARTITION OF "traffic_points_5m" DEFAULT;--> statement-breakpoint
CREATE TABLE "traffic_points_1h" PARTITION OF "traffic_points" FOR VALUES IN ('1h') PARTITION BY RANGE ("bucket");--> statement-breakpoint
CREATE TABLE "traffic_points_1h_default" PARTITION OF "traffic_points_1h" DEFAULT;--> statement-breakpoint
CREATE TABLE "traffic_points_1d" PARTITION OF "traffic_points" FOR VALUES IN ('1d') PARTITION BY RANGE ("bucket");--> statement-breakpoint
CREATE TABLE "traffic_points_1d_default" PARTITION OF "traffic_points_1d" DEFAULT;--> statement-breakpoint
-- A resolution without its own partition yet (the column is plain text, so a new one needs no migration) lands here.
CREATE TABLE "traffic_points_other" PARTITION OF "traffic_points" DEFAULT;--> statement-breakpoint
INSERT INTO "traffic_points" ("tenant_id", "router_id", "subject_type", "subject", "resolution", "bucket", "rx_bytes", "tx_bytes", "rx_max_bps", "tx_max_bps")
	SELECT "tenant_id", "router_id", "subject_type", "subject", "resolution", "bucket", "rx_bytes", "tx_bytes", "rx_max_bps", "tx_max_bps" FROM "traffic_points_unpartitioned";--> statement-breakpoint
DROP TABLE "traffic_points_unpartitioned";--> statement-breakpoint
ALTER TABLE "router_health" RENAME TO "router_health_unpartitioned";--> statement-breakpoint
ALTER INDEX "router_health_router_id_at_pk" RENAME TO "router_health_unpartitioned_pk";--> statement-breakpoint
CREATE TABLE "router_health" (
	"tenant_id" uuid NOT NULL,
	"router_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"cpu_load" integer NOT NULL,
	"free_memory" bigint NOT NULL,
	"total_memory" bigint NOT NULL,
	"uptime_seconds" integer NOT NULL,
	"temperature" double precision,
	"voltage" double precision,
	"pppoe_sessions" integer,
	CONSTRAINT "router_health_router_id_at_pk" PRIMARY KEY("router_id","at")
) PARTITION BY RANGE ("at");--> statement-breakpoint
ALTER TABLE "router_health" ADD CONSTRAINT "router_health_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "router_health" ADD CONSTRAINT "router_health_router_id_routers_id_fk" FOREIGN KEY ("router_id") REFERENCES "public"."routers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "router_health" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "router_health_tenant_isolation" ON "router_health" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
CREATE TABLE "router_health_default" PARTITION OF "router_health" DEFAULT;--> statement-breakpoint
INSERT INTO "router_health" ("tenant_id", "router_id", "at", "cpu_load", "free_memory", "total_memory", "uptime_seconds", "temperature", "voltage", "pppoe_sessions")
	SELECT "tenant_id", "router_id", "at", "cpu_load", "free_memory", "total_memory", "uptime_seconds", "temperature", "voltage", "pppoe_sessions" FROM "router_health_unpartitioned";--> statement-breakpoint
DROP TABLE "router_health_unpartitioned";--> statement-breakpoint
ALTER TABLE "traffic_points_1m" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "traffic_points_1m_default" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "traffic_points_5m" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "traffic_points_5m_default" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "traffic_points_1h" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "traffic_points_1h_default" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "traffic_points_1d" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "traffic_points_1d_default" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "router_health_default" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
ALTER TABLE "traffic_points_other" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
REVOKE ALL ON "traffic_points_1m", "traffic_points_1m_default", "traffic_points_5m", "traffic_points_5m_default", "traffic_points_1h", "traffic_points_1h_default", "traffic_points_1d", "traffic_points_1d_default", "router_health_default", "traffic_points_other" FROM netsphere_app;
