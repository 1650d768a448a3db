CREATE TABLE "interface_percentile_months" (
	"tenant_id" uuid NOT NULL,
	"router_id" uuid NOT NULL,
	"subject" text NOT NULL,
	"month" text NOT NULL,
	"samples" integer NOT NULL,
	"rx_top" bigint[] NOT NULL,
	"tx_top" bigint[] NOT NULL,
	CONSTRAINT "interface_percentile_months_router_id_subject_month_pk" PRIMARY KEY("router_id","subject","month")
);
--> statement-breakpoint
CREATE TABLE "percentile_merge_marks" (
	"id" integer PRIMARY KEY DEFAULT 1 NOT NULL,
	"merged_through" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "interface_percentile_months" ADD CONSTRAINT "interface_percentile_months_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "interface_percentile_months" ADD CONSTRAINT "interface_percentile_months_router_id_routers_id_fk" FOREIGN KEY ("router_id") REFERENCES "public"."routers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "interface_percentile_months_tenant_idx" ON "interface_percentile_months" USING btree ("tenant_id","month");--> statement-breakpoint
ALTER TABLE "interface_percentile_months" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "interface_percentile_months_tenant_isolation" ON "interface_percentile_months" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
-- The merge mark is written by the rollup job (owner connection) alone; pages read it to know what is merged.
REVOKE INSERT, UPDATE, DELETE ON "percentile_merge_marks" FROM netsphere_app;
