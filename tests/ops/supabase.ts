/**
 * `npm run db:migrate` on a database set up the way Supabase sets up a project's, on the machine's Postgres: the
 * API roles (`anon`, `authenticated`, `service_role`, `authenticator`), `supabase_admin`, the `auth` schema with
 * `auth.uid()` / `auth.role()`, the `extensions` schema, the default privileges that hand every new table, sequence
 * and function in public to the API roles, and a migrating role like Supabase's `postgres` (no superuser; creates
 * roles and databases; bypasses row-level security). docs/DEPLOY.md names this command as the one way to migrate a
 * Supabase database; this is what holds it to that.
 *
 * Checked: every migration is applied; `anon` and `authenticated` can neither read nor write any table, use any
 * sequence or call any security-definer function in public, and every table with a tenant column has row-level
 * security on; the app's tenant work (`netsphere_app`, lib/db/tenant-bound.ts) sees and writes one ISP's rows only;
 * a second run changes nothing.
 *
 * Roles are cluster-wide: the ones Supabase has are created only when missing and never dropped (other databases
 * may use them); the database `netsphere_supabase_<pid>` is dropped at the end, with everything in it.
 *
 *   npx tsx tests/ops/supabase.ts      (also part of npm run test:ops; TEST_DATABASE_URL names the server)
 */
import { spawnSync } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sql } from "drizzle-orm";
import pg from "pg";
import { rowsOf } from "@/lib/db/bulk";
import { connectPostgres } from "@/lib/db/connect";

export type Check = (ok: boolean, what: string, output?: string) => void;

/** Stands in for Supabase's `postgres`, the role its connection strings log in as (a cluster role named postgres exists here already). */
const OWNER = "netsphere_supabase_postgres";
const API_ROLES = ["anon", "authenticated"] as const;

/** The roles of a Supabase project, with the attributes that matter to our migrations (supabase/postgres init scripts). */
const SUPABASE_ROLES: { name: string; create: string }[] = [
  { name: "anon", create: "CREATE ROLE anon NOLOGIN NOINHERIT" },
  { name: "authenticated", create: "CREATE ROLE authenticated NOLOGIN NOINHERIT" },
  { name: "service_role", create: "CREATE ROLE service_role NOLOGIN NOINHERIT BYPASSRLS" },
  { name: "authenticator", create: "CREATE ROLE authenticator LOGIN NOINHERIT" },
  { name: "supabase_admin", create: "CREATE ROLE supabase_admin NOLOGIN" },
  { name: OWNER, create: `CREATE ROLE ${OWNER} LOGIN NOSUPERUSER CREATEDB CREATEROLE REPLICATION BYPASSRLS` },
];

function urlFor(base: string, database: string, user?: string) {
  const url = new URL(base);
  url.pathname = `/${database}`;
  if (user) {
    url.username = user;
    url.password = "";
  }
  return url.toString();
}

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function ensureSupabaseRoles(admin: pg.Client): Promise<string[]> {
  const created: string[] = [];
  for (const role of SUPABASE_ROLES) {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_roles WHERE rolname = $1", [role.name]);
    if (rowCount) continue;
    try {
      await admin.query(role.create);
      created.push(role.name);
    } catch (error) {
      // Another run made it between the look and the create: it exists, which is all we need.
      if ((error as { code?: string }).code !== "42710") throw error;
    }
  }
  for (const member of ["anon", "authenticated", "service_role"]) {
    const { rowCount } = await admin.query("SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles u ON u.oid = m.member WHERE r.rolname = $1 AND u.rolname = 'authenticator'", [member]);
    if (!rowCount) await admin.query(`GRANT ${member} TO authenticator`);
  }
  return created;
}

/** What a fresh Supabase project has in its database before the first migration, as far as our migrations can tell. */
async function prepareLikeSupabase(client: pg.Client, database: string) {
  await client.query(`
    GRANT ALL ON SCHEMA public TO ${OWNER};
    CREATE SCHEMA auth AUTHORIZATION supabase_admin;
    CREATE FUNCTION auth.uid() RETURNS uuid LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('request.jwt.claim.sub', true), '')::uuid $$;
    CREATE FUNCTION auth.role() RETURNS text LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('request.jwt.claim.role', true), '')::text $$;
    GRANT USAGE ON SCHEMA auth TO anon, authenticated, service_role;
    CREATE SCHEMA extensions;
    CREATE EXTENSION "uuid-ossp" WITH SCHEMA extensions;
    CREATE EXTENSION pgcrypto WITH SCHEMA extensions;
    GRANT USAGE ON SCHEMA public, extensions TO anon, authenticated, service_role;
    ALTER DEFAULT PRIVILEGES FOR ROLE ${OWNER} IN SCHEMA public GRANT ALL ON TABLES TO anon, authenticated, service_role;
    ALTER DEFAULT PRIVILEGES FOR ROLE ${OWNER} IN SCHEMA public GRANT ALL ON SEQUENCES TO anon, authenticated, service_role;
    ALTER DEFAULT PRIVILEGES FOR ROLE ${OWNER} IN SCHEMA public GRANT ALL ON FUNCTIONS TO anon, authenticated, service_role;
    ALTER ROLE ${OWNER} IN DATABASE ${database} SET search_path TO "$user", public, extensions;
  `);
}

/** Tables, sequences and security-definer functions in public that an API role may still use, one line each. */
async function apiRoleAccess(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ line: string }>(
    `SELECT r.role || ' may use table ' || c.relname AS line
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, unnest($1::text[]) AS r(role)
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p')
        AND (has_table_privilege(r.role, c.oid, 'SELECT, INSERT, UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER')
             OR has_any_column_privilege(r.role, c.oid, 'SELECT, INSERT, UPDATE, REFERENCES'))
     UNION ALL
     SELECT r.role || ' may use sequence ' || c.relname
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace, unnest($1::text[]) AS r(role)
      WHERE n.nspname = 'public' AND c.relkind = 'S' AND has_sequence_privilege(r.role, c.oid, 'USAGE, SELECT, UPDATE')
     UNION ALL
     SELECT r.role || ' may call ' || p.oid::regprocedure::text
       FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace, unnest($1::text[]) AS r(role)
      WHERE n.nspname = 'public' AND p.prosecdef AND has_function_privilege(r.role, p.oid, 'EXECUTE')
      ORDER BY 1`,
    [[...API_ROLES]],
  );
  return rows.map((row) => row.line);
}

/** What a second migration run must leave as it was: tables and their privileges, policies, default privileges, functions. */
async function schemaFingerprint(client: pg.Client): Promise<string> {
  const { rows } = await client.query<{ fingerprint: string }>(`
    SELECT md5(concat_ws('|',
      (SELECT string_agg(c.relname || ':' || c.relkind::text || ':' || c.relrowsecurity::text || ':' || coalesce(c.relacl::text, ''), ',' ORDER BY c.relname)
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'S', 'v', 'i') AND NOT c.relispartition),
      (SELECT string_agg(tablename || ':' || policyname || ':' || coalesce(qual, '') || ':' || coalesce(with_check, ''), ',' ORDER BY tablename, policyname)
         FROM pg_policies WHERE schemaname = 'public'),
      (SELECT string_agg(d.defaclobjtype::text || ':' || d.defaclacl::text, ',' ORDER BY d.defaclobjtype::text, d.defaclacl::text) FROM pg_default_acl d),
      (SELECT string_agg(p.oid::regprocedure::text || ':' || coalesce(p.proacl::text, ''), ',' ORDER BY p.oid::regprocedure::text)
         FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = 'public')
    )) AS fingerprint`);
  return rows[0].fingerprint;
}

function migrate(databaseUrl: string) {
  const started = performance.now();
  const result = spawnSync("npm", ["run", "--silent", "db:migrate"], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      ENCRYPTION_SECRET: randomBytes(48).toString("base64url"),
      BETTER_AUTH_SECRET: randomBytes(48).toString("base64url"),
      NODE_ENV: "production",
      LOG_LEVEL: "warn",
    },
    encoding: "utf8",
    timeout: 180_000,
  });
  const output = `${result.stdout}\n${result.stderr}`;
  return { ok: result.status === 0 && output.includes("Migrations applied"), output, seconds: (performance.now() - started) / 1000 };
}

export async function runSupabaseChecks(check: Check, adminUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test") {
  const database = `netsphere_supabase_${process.pid}`;
  const ownerUrl = urlFor(adminUrl, database, OWNER);
  const journal = JSON.parse(fs.readFileSync(path.resolve("supabase/migrations/meta/_journal.json"), "utf8")) as { entries: { tag: string; when: number }[] };

  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const created = await ensureSupabaseRoles(admin);
    console.log(`     Supabase's roles: ${created.length ? `created ${created.join(", ")}` : "already on this server"}`);
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.query(`GRANT ALL ON DATABASE ${database} TO ${OWNER}`);
    await withClient(urlFor(adminUrl, database), (client) => prepareLikeSupabase(client, database));

    const first = migrate(ownerUrl);
    check(first.ok, `npm run db:migrate on a database with Supabase's roles, as a role like its postgres (${first.seconds.toFixed(1)} s)`, first.output);
    if (!first.ok) return;

    await withClient(urlFor(adminUrl, database), async (client) => {
      const applied = await client.query<{ n: number; last: string }>("SELECT count(*)::int AS n, max(created_at)::text AS last FROM drizzle.__drizzle_migrations");
      const lastWhen = String(journal.entries.at(-1)!.when);
      check(
        applied.rows[0].n === journal.entries.length && applied.rows[0].last === lastWhen,
        `all ${journal.entries.length} migrations applied, the last ${journal.entries.at(-1)!.tag}`,
        `recorded ${applied.rows[0].n}, last at ${applied.rows[0].last}; the journal ends at ${lastWhen}`,
      );

      const access = await apiRoleAccess(client);
      check(access.length === 0, "anon and authenticated can use no table, sequence or security-definer function in public", access.join("\n"));

      const open = await client.query<{ relname: string }>(`
        SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relrowsecurity
           AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
         ORDER BY 1`);
      check(open.rowCount === 0, "every table with a tenant_id has row-level security on", open.rows.map((r) => r.relname).join(", "));

      // What the Data API would run for a request with the anon key: refused outright, not merely filtered.
      const refusals: string[] = [];
      for (const role of API_ROLES) {
        for (const statement of ["SELECT * FROM saas_plans", "SELECT * FROM customers", "UPDATE installation SET id = id", "SELECT email_has_account('owner@example.ph')"]) {
          await client.query(`SET ROLE ${role}`);
          const outcome = await client.query(statement).then(
            () => "allowed",
            (error: { code?: string }) => (error.code === "42501" ? "refused" : `failed otherwise (${error.code})`),
          );
          await client.query("RESET ROLE");
          if (outcome !== "refused") refusals.push(`${role}: ${statement} → ${outcome}`);
        }
      }
      check(refusals.length === 0, "as anon and authenticated, reading plans and customers, writing the installation and probing emails are refused", refusals.join("\n"));
    });

    await checkTenantWork(check, ownerUrl);

    const before = await withClient(urlFor(adminUrl, database), schemaFingerprint);
    const second = migrate(ownerUrl);
    const after = await withClient(urlFor(adminUrl, database), async (client) => ({
      fingerprint: await schemaFingerprint(client),
      applied: (await client.query<{ n: number }>("SELECT count(*)::int AS n FROM drizzle.__drizzle_migrations")).rows[0].n,
      access: await apiRoleAccess(client),
    }));
    check(
      second.ok && after.fingerprint === before && after.applied === journal.entries.length && after.access.length === 0,
      `npm run db:migrate again changes nothing (${second.seconds.toFixed(1)} s)`,
      `${second.output}\nschema ${after.fingerprint === before ? "unchanged" : "changed"}; ${after.applied} migrations recorded; ${after.access.join(", ")}`,
    );
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.end();
  }
}

/** The app's own connection (lib/db/connect.ts): tenant work runs as netsphere_app and meets one ISP's rows only. */
async function checkTenantWork(check: Check, ownerUrl: string) {
  const connection = connectPostgres(ownerUrl, 2);
  const [ispA, ispB] = [randomUUID(), randomUUID()];
  try {
    for (const [id, name] of [
      [ispA, "Ops ISP A"],
      [ispB, "Ops ISP B"],
    ]) {
      await connection.db.execute(
        sql`INSERT INTO tenants (id, name, legal_name, email, saas_plan_id) VALUES (${id}, ${name}, ${name}, ${`${id}@example.ph`}, (SELECT id FROM saas_plans ORDER BY sort_order LIMIT 1))`,
      );
      await connection.db.execute(sql`INSERT INTO customers (tenant_id, account_number, name) VALUES (${id}, 'ACC-000001', ${`${name} subscriber`})`);
    }
    const asA = connection.forTenant(ispA);
    const [row] = rowsOf<{ role: string; tenants: number; customers: number }>(
      await asA.execute(sql`SELECT current_user AS role, (SELECT count(*)::int FROM tenants) AS tenants, (SELECT count(*)::int FROM customers) AS customers`),
    );
    await asA.execute(sql`INSERT INTO customers (tenant_id, account_number, name) VALUES (${ispA}, 'ACC-000002', 'Second subscriber')`);
    const foreignWrite = await asA
      .execute(sql`INSERT INTO customers (tenant_id, account_number, name) VALUES (${ispB}, 'ACC-000009', 'Planted subscriber')`)
      .then(
        () => "allowed",
        (error: { cause?: { code?: string }; code?: string }) => ((error.cause?.code ?? error.code) === "42501" ? "refused" : "failed otherwise"),
      );
    const [owner] = rowsOf<{ customers: number }>(await connection.db.execute(sql`SELECT count(*)::int AS customers FROM customers`));
    check(
      row.role === "netsphere_app" && row.tenants === 1 && row.customers === 1 && foreignWrite === "refused" && owner.customers === 3,
      "the app's tenant work runs as netsphere_app: one ISP's rows, its own writes, another ISP's write refused",
      `as ${row.role}: ${row.tenants} tenant(s), ${row.customers} customer(s); a write for another ISP ${foreignWrite}; the owner sees ${owner.customers} customers`,
    );
  } catch (error) {
    check(false, "the app's tenant work runs as netsphere_app", String((error as Error).stack ?? error));
  } finally {
    await connection.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const failures: string[] = [];
  await runSupabaseChecks((ok, what, output = "") => {
    console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
    if (!ok) failures.push(`${what}\n${output.slice(-3000)}`);
  });
  if (failures.length) {
    console.error(`\n${failures.join("\n\n")}`);
    process.exit(1);
  }
}
