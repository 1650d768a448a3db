-- Staff work counts some attempts too (a router connection test per staff member and minute), and it runs as
-- netsphere_app. The role may use those throttle rows only: the sign-in throttles stay the owner connection's.
-- The rule's name starts the key (lib/auth/throttle.ts `keyOf`), so the policy names the tenant-work rules.
GRANT SELECT, INSERT, UPDATE, DELETE ON "request_throttles" TO netsphere_app;--> statement-breakpoint
ALTER TABLE "request_throttles" ENABLE ROW LEVEL SECURITY;--> statement-breakpoint
CREATE POLICY "request_throttles_tenant_work" ON "request_throttles" TO netsphere_app USING ("key" LIKE 'router-connection-test:%') WITH CHECK ("key" LIKE 'router-connection-test:%');
