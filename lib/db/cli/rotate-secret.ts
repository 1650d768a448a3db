/*
 * `npm run secrets:rotate`: moves every encrypted value in DATABASE_URL from OLD_ENCRYPTION_SECRET to
 * ENCRYPTION_SECRET in one transaction (see lib/db/rotate-secrets.ts). Stop the app and the workers first, and
 * start them again with the new ENCRYPTION_SECRET once it has finished; docs/OPERATIONS.md has the steps.
 */
import { connectPostgres } from "@/lib/db/connect";
import { rotateEncryptionSecret, RotationRefusedError } from "@/lib/db/rotate-secrets";

const url = process.env.DATABASE_URL;
const from = process.env.OLD_ENCRYPTION_SECRET;
const to = process.env.ENCRYPTION_SECRET;
if (!url || !from || !to) {
  console.error(
    "secrets:rotate needs DATABASE_URL, OLD_ENCRYPTION_SECRET (the secret the data was stored with) and ENCRYPTION_SECRET (the new one).",
  );
  process.exit(1);
}
if (to.length < 32) {
  console.error("The new ENCRYPTION_SECRET must be at least 32 characters (e.g. openssl rand -base64 48).");
  process.exit(1);
}
const connection = connectPostgres(url, 2);
try {
  const summary = await rotateEncryptionSecret(connection.db, { from, to });
  console.log(
    `Re-encrypted ${summary.rewritten} secret(s) with the new ENCRYPTION_SECRET (${summary.alreadyNew} already used it): ` +
      Object.entries(summary.byTable)
        .map(([table, rows]) => `${table} ${rows}`)
        .join(", "),
  );
  if ((summary.byTable["radius.nas"] ?? 0) + (summary.byTable["radius.radcheck"] ?? 0) > 0)
    console.log(
      "FreeRADIUS decrypts with a key derived from ENCRYPTION_SECRET: run `npm run radius:config` again with the new secret and restart FreeRADIUS.",
    );
  console.log("Start the app and every worker with the new ENCRYPTION_SECRET now.");
} catch (error) {
  console.error(error instanceof RotationRefusedError ? `Rotation refused: ${error.message}` : error);
  process.exitCode = 1;
} finally {
  await connection.close();
}
