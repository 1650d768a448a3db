-- Supabase gives its Data API roles every privilege on what the migrating role creates in public (its projects
-- carry ALTER DEFAULT PRIVILEGES FOR ROLE postgres IN SCHEMA public GRANT ALL ON TABLES, SEQUENCES, FUNCTIONS TO anon,
-- authenticated, service_role). NetSphere reaches its database only through its own server, so nothing may answer
-- to the project's public anon key or to a Supabase Auth user: reference tables without row-level security
-- (saas_plans, installation) would be readable and writable through /rest/v1, and email_has_account callable.
-- Revoked now for what exists, and for what the migrating role creates later (new tables, time partitions).
-- A database without these roles (plain Postgres, the embedded one) has nothing to revoke.
DO $$
DECLARE
  api_role text;
BEGIN
  FOREACH api_role IN ARRAY ARRAY['anon', 'authenticated'] LOOP
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = api_role) THEN
      EXECUTE format('REVOKE ALL ON ALL TABLES IN SCHEMA public FROM %I', api_role);
      EXECUTE format('REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM %I', api_role);
      EXECUTE format('REVOKE ALL ON ALL ROUTINES IN SCHEMA public FROM %I', api_role);
      EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON TABLES FROM %I', api_role);
      EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON SEQUENCES FROM %I', api_role);
      EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA public REVOKE ALL ON ROUTINES FROM %I', api_role);
    END IF;
  END LOOP;
END $$;
