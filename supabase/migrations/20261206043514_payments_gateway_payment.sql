ALTER TABLE "payments" ADD COLUMN "gateway_payment_id" text;--> statement-breakpoint
CREATE UNIQUE INDEX "payments_tenant_gateway_payment_idx" ON "payments" USING btree ("tenant_id","gateway","gateway_payment_id");--> statement-breakpoint
-- Online payments already recorded are keyed on the checkout their payment request settled.
UPDATE "payments" p SET "gateway_payment_id" = r."external_id"
FROM "payment_requests" r
WHERE r."payment_id" = p."id" AND r."tenant_id" = p."tenant_id" AND r."provider" = p."gateway";
