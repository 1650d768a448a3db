CREATE TABLE "subscriber_period_marks" (
	"tenant_id" uuid NOT NULL,
	"period" text NOT NULL,
	"range_from" timestamp with time zone NOT NULL,
	"range_to" timestamp with time zone NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "subscriber_period_marks_tenant_id_period_pk" PRIMARY KEY("tenant_id","period")
);
--> statement-breakpoint
CREATE TABLE "subscriber_period_usage" (
	"tenant_id" uuid NOT NULL,
	"period" text NOT NULL,
	"subject" text NOT NULL,
	"router_id" uuid NOT NULL,
	"download_bytes" bigint NOT NULL,
	"upload_bytes" bigint NOT NULL,
	CONSTRAINT "subscriber_period_usage_tenant_id_period_subject_router_id_pk" PRIMARY KEY("tenant_id","period","subject","router_id")
);
--> statement-breakpoint
ALTER TABLE "subscriber_period_marks" ADD CONSTRAINT "subscriber_period_marks_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscriber_period_usage" ADD CONSTRAINT "subscriber_period_usage_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "subscriber_period_marks_computed_idx" ON "subscriber_period_marks" USING btree ("computed_at");--> statement-breakpoint
ALTER TABLE "subscriber_period_usage" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "subscriber_period_usage_tenant_isolation" ON "subscriber_period_usage" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE "subscriber_period_marks" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "subscriber_period_marks_tenant_isolation" ON "subscriber_period_marks" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);
