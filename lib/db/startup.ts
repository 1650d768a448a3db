import { getConnection } from "@/lib/db";
import { prepareDatabase } from "@/lib/db/prepare";
import { seedDemo, demoLogins, DEMO_PASSWORD } from "@/lib/db/seed";
import { env } from "@/lib/core/env";
import { logger } from "@/lib/core/logger";
import { failInterruptedImports } from "@/lib/imports/service";

/** Migrates at start-up; the embedded database also gets the demo ISP the first time. */
export async function startDatabase() {
  const connection = await getConnection();
  await prepareDatabase(connection);
  await failInterruptedImports(connection.db, { olderThanMinutes: connection.driver === "pglite" ? 0 : 30 });
  if (connection.driver !== "pglite" || env().SEED_DEMO !== "true") return;
  const seeded = await seedDemo(connection.db);
  const lines = [
    "",
    `NetSphere is running on the embedded database (${env().DATA_DIR}/pglite)${seeded ? "; demo ISP seeded" : ""}.`,
    `Open ${env().APP_URL} and sign in with (password ${DEMO_PASSWORD}):`,
    ...demoLogins.map((l) => `  ${l.role.padEnd(18)} ${l.email}`),
    "Owners, admins and the operator enrol two-factor authentication at first sign-in.",
    "",
  ];
  logger.info({ seeded }, "embedded database ready");
  console.log(lines.join("\n"));
}
