-- The app's tenant work runs as `netsphere_app`, a role that owns nothing, so the row-level policies bind it:
-- every statement of a staff request, a portal request or a per-tenant job sees and writes only the rows of the
-- tenant named in `app.tenant_id`, even when a query forgets its tenant filter. Migrations, sign-in, webhooks
-- before they know the tenant and the NetSphere operator area keep the owner's connection.
-- Roles are cluster-wide (several databases of one server share them), so the role is created only once.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'netsphere_app') THEN
    CREATE ROLE netsphere_app NOLOGIN;
  END IF;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL;
END $$;--> statement-breakpoint
-- The owner switches to the role on each checked-out connection (`set_config('role', ...)`), which needs membership.
DO $$
BEGIN
  IF NOT pg_has_role(current_user, 'netsphere_app', 'MEMBER') THEN
    EXECUTE format('GRANT netsphere_app TO %I', current_user);
  END IF;
END $$;--> statement-breakpoint
GRANT USAGE ON SCHEMA public TO netsphere_app;--> statement-breakpoint
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO netsphere_app;--> statement-breakpoint
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO netsphere_app;--> statement-breakpoint
-- Tables created by later migrations are reachable too; tests/integration/app-role.test.ts fails when one of them
-- is not behind row-level security with a policy (or listed there as reference data).
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO netsphere_app;--> statement-breakpoint
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO netsphere_app;--> statement-breakpoint
-- Reference data shared by every ISP: read-only.
REVOKE INSERT, UPDATE, DELETE ON "saas_plans", "installation" FROM netsphere_app;--> statement-breakpoint
-- The ISP's own account row: read and edit its settings; creating and removing ISPs is the operator's.
REVOKE INSERT, DELETE ON "tenants" FROM netsphere_app;--> statement-breakpoint
-- Sign-in data is Better Auth's (owner connection): no access at all.
REVOKE ALL ON "accounts", "verifications", "two_factors", "login_attempts", "used_totp_codes" FROM netsphere_app;--> statement-breakpoint
-- Gateway events arrive before their tenant is known; only the webhook handlers (owner connection) touch them.
REVOKE ALL ON "webhook_events" FROM netsphere_app;--> statement-breakpoint
-- Staff accounts: the members of the ISP (the staff page, role changes); new ones arrive by invitation (sign-in side).
REVOKE INSERT ON "users" FROM netsphere_app;--> statement-breakpoint
CREATE POLICY "users_tenant_isolation" ON "users" USING ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid) WITH CHECK ("tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid);--> statement-breakpoint
-- Staff sessions: listed and revoked on the staff and account pages, through their user's tenant.
REVOKE INSERT, UPDATE ON "sessions" FROM netsphere_app;--> statement-breakpoint
CREATE POLICY "sessions_tenant_isolation" ON "sessions" USING (EXISTS (SELECT 1 FROM "users" u WHERE u."id" = "sessions"."user_id" AND u."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
-- Children without a tenant column, reachable through their tenant-owned parent.
CREATE POLICY "sent_email_attachments_tenant_isolation" ON "sent_email_attachments" USING (EXISTS (SELECT 1 FROM "sent_emails" e WHERE e."id" = "sent_email_attachments"."email_id" AND e."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (EXISTS (SELECT 1 FROM "sent_emails" e WHERE e."id" = "sent_email_attachments"."email_id" AND e."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
CREATE POLICY "traffic_counters_tenant_isolation" ON "traffic_counters" USING (EXISTS (SELECT 1 FROM "routers" r WHERE r."id" = "traffic_counters"."router_id" AND r."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid)) WITH CHECK (EXISTS (SELECT 1 FROM "routers" r WHERE r."id" = "traffic_counters"."router_id" AND r."tenant_id" = nullif(current_setting('app.tenant_id', true), '')::uuid));--> statement-breakpoint
-- Is an email address already a NetSphere account, in any ISP? Inviting staff must know (emails are unique across
-- ISPs) without the app role reading other ISPs' users: the answer is one boolean, computed as the owner.
CREATE FUNCTION "email_has_account"(address text) RETURNS boolean
  LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
  AS $$ SELECT EXISTS (SELECT 1 FROM users WHERE lower(email) = lower(address)) $$;--> statement-breakpoint
REVOKE ALL ON FUNCTION "email_has_account"(text) FROM PUBLIC;--> statement-breakpoint
GRANT EXECUTE ON FUNCTION "email_has_account"(text) TO netsphere_app;
