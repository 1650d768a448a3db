CREATE TABLE "gateway_refunds" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tenant_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"payment_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"external_id" text,
	"amount_centavos" bigint NOT NULL,
	"currency" text NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"failure_reason" text,
	"credit_note_id" uuid,
	"requested_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"settled_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "payment_gateways" ADD COLUMN "methods" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "payment_gateways" ADD COLUMN "webhook_endpoint_id" text;--> statement-breakpoint
ALTER TABLE "payment_requests" ADD COLUMN "method" text;--> statement-breakpoint
ALTER TABLE "payment_requests" ADD COLUMN "qr_image" text;--> statement-breakpoint
ALTER TABLE "payment_requests" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "payment_requests" ADD COLUMN "failure_reason" text;--> statement-breakpoint
ALTER TABLE "payments" ADD COLUMN "fee_centavos" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "gateway_refunds" ADD CONSTRAINT "gateway_refunds_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gateway_refunds" ADD CONSTRAINT "gateway_refunds_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gateway_refunds" ADD CONSTRAINT "gateway_refunds_payment_id_payments_id_fk" FOREIGN KEY ("payment_id") REFERENCES "public"."payments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gateway_refunds" ADD CONSTRAINT "gateway_refunds_credit_note_id_credit_notes_id_fk" FOREIGN KEY ("credit_note_id") REFERENCES "public"."credit_notes"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gateway_refunds" ADD CONSTRAINT "gateway_refunds_requested_by_users_id_fk" FOREIGN KEY ("requested_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "gateway_refunds_external_idx" ON "gateway_refunds" USING btree ("provider","external_id");--> statement-breakpoint
CREATE INDEX "gateway_refunds_payment_idx" ON "gateway_refunds" USING btree ("payment_id");--> statement-breakpoint
CREATE INDEX "gateway_refunds_tenant_created_idx" ON "gateway_refunds" USING btree ("tenant_id","created_at");--> statement-breakpoint
CREATE INDEX "payment_requests_pending_idx" ON "payment_requests" USING btree ("expires_at") WHERE status = 'pending';--> statement-breakpoint
UPDATE "payment_gateways" SET "methods" = CASE "provider" WHEN 'stripe' THEN '{card}'::text[] WHEN 'paypal' THEN '{paypal}'::text[] ELSE "methods" END;--> statement-breakpoint
UPDATE "payment_requests" SET "method" = CASE "provider" WHEN 'stripe' THEN 'card' WHEN 'paypal' THEN 'paypal' END WHERE "method" IS NULL;--> statement-breakpoint
ALTER TABLE "gateway_refunds" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "gateway_refunds_tenant_isolation" ON "gateway_refunds" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);
