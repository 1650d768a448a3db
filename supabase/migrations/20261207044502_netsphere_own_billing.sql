CREATE TABLE "platform_accounts" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"customer_id" uuid NOT NULL,
	"subscription_id" uuid NOT NULL,
	"billing_cycle" text DEFAULT 'monthly' NOT NULL,
	"trial_ends_on" date NOT NULL,
	"standing" text DEFAULT 'trial' NOT NULL,
	"standing_since" timestamp with time zone DEFAULT now() NOT NULL,
	"overdue_invoice_id" uuid,
	"overdue_invoice_number" text,
	"overdue_due_date" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "saas_plans" ADD COLUMN "monthly_service_plan_id" uuid;--> statement-breakpoint
ALTER TABLE "saas_plans" ADD COLUMN "yearly_service_plan_id" uuid;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "kind" text DEFAULT 'isp' NOT NULL;--> statement-breakpoint
ALTER TABLE "platform_accounts" ADD CONSTRAINT "platform_accounts_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "platform_accounts_customer_idx" ON "platform_accounts" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "platform_accounts_standing_idx" ON "platform_accounts" USING btree ("standing");--> statement-breakpoint
CREATE UNIQUE INDEX "tenants_one_platform_idx" ON "tenants" USING btree ("kind") WHERE "tenants"."kind" = 'platform';--> statement-breakpoint
ALTER TABLE "platform_accounts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "platform_accounts_tenant_isolation" ON "platform_accounts" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);
