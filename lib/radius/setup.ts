/*
 * What the database needs before FreeRADIUS can use it (`npm run radius:setup`): pgcrypto's functions in the `radius`
 * schema (FreeRADIUS decrypts secrets with radius.decrypt_iv) and the netsphere_radius role (made NOLOGIN by the
 * migrations) allowed to log in with its password. Run by the database's owner, not by the app; safe to run again.
 *
 * The password is sent as a SCRAM-SHA-256 verifier computed here, so it never reaches the server (or its statement
 * log) in the clear.
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";

export const RADIUS_ROLE = "netsphere_radius";

/** A PostgreSQL SCRAM-SHA-256 verifier for a password (what `ALTER ROLE ... PASSWORD` stores). */
export function scramVerifier(password: string, salt = randomBytes(16), iterations = 4096): string {
  const salted = pbkdf2Sync(password.normalize("NFKC"), salt, iterations, 32, "sha256");
  const clientKey = createHmac("sha256", salted).update("Client Key").digest();
  const storedKey = createHash("sha256").update(clientKey).digest();
  const serverKey = createHmac("sha256", salted).update("Server Key").digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString("base64")}$${storedKey.toString("base64")}:${serverKey.toString("base64")}`;
}

/**
 * The statements, in order. pgcrypto already installed in another schema (Supabase keeps it in `extensions`) stays
 * there, and radius.decrypt_iv calls it.
 */
export function radiusSetupStatements({ password }: { password: string }): string[] {
  return [
    `DO $$
DECLARE
  home text;
BEGIN
  SELECT n.nspname INTO home FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE e.extname = 'pgcrypto';
  IF home IS NULL THEN
    CREATE EXTENSION pgcrypto SCHEMA radius;
  ELSIF home <> 'radius' THEN
    EXECUTE format(
      'CREATE OR REPLACE FUNCTION radius.decrypt_iv(bytea, bytea, bytea, text) RETURNS bytea LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS %L',
      format('SELECT %I.decrypt_iv($1, $2, $3, $4)', home));
  END IF;
END $$`,
    `DO $$ BEGIN EXECUTE format('GRANT CONNECT ON DATABASE %I TO ${RADIUS_ROLE}', current_database()); END $$`,
    `GRANT EXECUTE ON FUNCTION radius.decrypt_iv(bytea, bytea, bytea, text) TO ${RADIUS_ROLE}`,
    `ALTER ROLE ${RADIUS_ROLE} LOGIN PASSWORD '${scramVerifier(password)}'`,
    // FreeRADIUS's writes are accounting and the post-auth log, one commit per packet: waiting for each to reach the
    // disk halved the Access-Requests answered per second. A crash loses at most the last fraction of a second of them
    // (interim updates restate a session every few minutes); the app's own writes keep synchronous commits.
    `ALTER ROLE ${RADIUS_ROLE} SET synchronous_commit = off`,
  ];
}
