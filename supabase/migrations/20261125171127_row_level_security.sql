-- Row-level security: the second wall behind the tenant filter in every query.
-- The app's own connection owns the tables (owners bypass RLS); these policies bind every other
-- role that reaches the database (Supabase's API roles, reporting users, read replicas): such a
-- role sees only the rows of the tenant named in the `app.tenant_id` setting, and nothing without it.
ALTER TABLE "customers" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "customers_tenant_isolation" ON "customers" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE "leads" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "leads_tenant_isolation" ON "leads" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE "subscriptions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "subscriptions_tenant_isolation" ON "subscriptions" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE "service_plans" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "service_plans_tenant_isolation" ON "service_plans" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE "routers" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "routers_tenant_isolation" ON "routers" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE "sites" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "sites_tenant_isolation" ON "sites" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE "invitations" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "invitations_tenant_isolation" ON "invitations" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE "import_jobs" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "import_jobs_tenant_isolation" ON "import_jobs" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE "audit_log" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "audit_log_tenant_isolation" ON "audit_log" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE "sent_emails" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "sent_emails_tenant_isolation" ON "sent_emails" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
ALTER TABLE "tenants" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "tenants_self" ON "tenants" USING ("id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
-- users: authentication data, no policy: invisible to every role but the owner.
ALTER TABLE "users" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
-- sessions: authentication data, no policy: invisible to every role but the owner.
ALTER TABLE "sessions" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
-- accounts: authentication data, no policy: invisible to every role but the owner.
ALTER TABLE "accounts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
-- verifications: authentication data, no policy: invisible to every role but the owner.
ALTER TABLE "verifications" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
-- two_factors: authentication data, no policy: invisible to every role but the owner.
ALTER TABLE "two_factors" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
-- login_attempts: authentication data, no policy: invisible to every role but the owner.
ALTER TABLE "login_attempts" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
-- used_totp_codes: authentication data, no policy: invisible to every role but the owner.
ALTER TABLE "used_totp_codes" ENABLE ROW LEVEL SECURITY;
