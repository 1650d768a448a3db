CREATE TABLE "alert_site_states" (
	"tenant_id" uuid NOT NULL,
	"rule_id" uuid NOT NULL,
	"site_id" uuid NOT NULL,
	"state" text,
	"since" timestamp with time zone NOT NULL,
	"flapping" boolean DEFAULT false NOT NULL,
	"changes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"memory" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"last_value" double precision,
	"incident_id" uuid,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "alert_site_states_site_id_rule_id_pk" PRIMARY KEY("site_id","rule_id")
);
--> statement-breakpoint
ALTER TABLE "alert_site_states" ADD CONSTRAINT "alert_site_states_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_site_states" ADD CONSTRAINT "alert_site_states_rule_id_alert_rules_id_fk" FOREIGN KEY ("rule_id") REFERENCES "public"."alert_rules"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alert_site_states" ADD CONSTRAINT "alert_site_states_site_id_sites_id_fk" FOREIGN KEY ("site_id") REFERENCES "public"."sites"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "alert_site_states_tenant_idx" ON "alert_site_states" USING btree ("tenant_id");--> statement-breakpoint
ALTER TABLE "alert_site_states" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "alert_site_states_tenant_isolation" ON "alert_site_states" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
INSERT INTO "alert_rules" ("tenant_id", "kind", "name", "severity", "threshold", "min_count", "window_seconds", "fire_after_seconds", "clear_after_seconds", "flap_changes", "notify_role", "escalate_after_minutes", "escalate_role")
SELECT DISTINCT "tenant_id", 'site_sessions_drop', 'Site mass disconnect (25% and 20+ sessions in 5 min)', 'critical', 25, 20, 300, 0, 120, 0, 'owner', 15, 'admin'
FROM "alert_rules" WHERE NOT EXISTS (SELECT 1 FROM "alert_rules" r WHERE r."kind" = 'site_sessions_drop');
