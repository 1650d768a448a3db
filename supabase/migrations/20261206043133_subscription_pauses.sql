CREATE TABLE "subscription_pauses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"subscription_id" uuid NOT NULL,
	"from_date" date NOT NULL,
	"until_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "subscription_pauses" ADD CONSTRAINT "subscription_pauses_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "subscription_pauses" ADD CONSTRAINT "subscription_pauses_subscription_id_subscriptions_id_fk" FOREIGN KEY ("subscription_id") REFERENCES "public"."subscriptions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "subscription_pauses_subscription_idx" ON "subscription_pauses" USING btree ("subscription_id","from_date");--> statement-breakpoint
CREATE UNIQUE INDEX "subscription_pauses_open_idx" ON "subscription_pauses" USING btree ("subscription_id") WHERE "subscription_pauses"."until_date" is null;--> statement-breakpoint
ALTER TABLE "subscription_pauses" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "subscription_pauses_tenant_isolation" ON "subscription_pauses" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
-- Subscriptions suspended today are paused from the day of their suspension, in their ISP's time zone.
INSERT INTO "subscription_pauses" ("tenant_id", "subscription_id", "from_date")
SELECT s."tenant_id", s."id", (coalesce(s."suspended_at", s."updated_at") AT TIME ZONE t."timezone")::date
FROM "subscriptions" s JOIN "tenants" t ON t."id" = s."tenant_id"
WHERE s."status" = 'suspended';
