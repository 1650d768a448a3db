/*
 * `npm run radius:setup`: prepares DATABASE_URL's Postgres for FreeRADIUS (setup.ts): pgcrypto's decrypt_iv in the
 * `radius` schema, and the netsphere_radius role allowed to log in with RADIUS_DB_PASSWORD. Run it as the database's
 * owner after `npm run db:migrate`; run it again to change the password. The password is never printed.
 */
import pg from "pg";
import { radiusSetupStatements, RADIUS_ROLE } from "@/lib/radius/setup";

const url = process.env.DATABASE_URL;
const password = process.env.RADIUS_DB_PASSWORD;
if (!url || !password) {
  console.error("radius:setup needs DATABASE_URL (the database's owner) and RADIUS_DB_PASSWORD (the password FreeRADIUS will log in with).");
  process.exit(1);
}
if (password.length < 16) {
  console.error("RADIUS_DB_PASSWORD must be at least 16 characters (e.g. openssl rand -base64 24).");
  process.exit(1);
}
const client = new pg.Client({ connectionString: url });
try {
  await client.connect();
  const schema = await client.query("SELECT 1 FROM pg_namespace WHERE nspname = 'radius'");
  if (schema.rowCount === 0) throw new Error("The radius schema is missing: run npm run db:migrate first.");
  // One transaction: the role never ends up able to log in without the decryption function, or the reverse.
  await client.query("BEGIN");
  for (const statement of radiusSetupStatements({ password })) await client.query(statement);
  await client.query("COMMIT");
  console.log(`pgcrypto's decrypt_iv is in schema radius; role ${RADIUS_ROLE} can log in with RADIUS_DB_PASSWORD.`);
} catch (error) {
  await client.query("ROLLBACK").catch(() => undefined);
  console.error(`radius:setup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await client.end();
}
