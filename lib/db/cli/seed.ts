import path from "node:path";
import { connectPostgres, lockDataDir, openPglite, type Connection } from "@/lib/db/connect";
import { prepareDatabase } from "@/lib/db/prepare";
import { seedDemo, demoLogins, demoPortalLine, DEMO_PASSWORD } from "@/lib/db/seed";

let connection: Connection;
if (process.env.DATABASE_URL) {
  connection = connectPostgres(process.env.DATABASE_URL, 2);
} else {
  const dataDir = path.resolve(process.env.DATA_DIR ?? ".data");
  lockDataDir(dataDir);
  connection = openPglite({ dataDir: path.join(dataDir, "pglite") }).connection;
}
await prepareDatabase(connection);
const seeded = await seedDemo(connection.db);
const portalLine = await demoPortalLine(connection.db);
await connection.close();
console.log(seeded ? "Demo ISP seeded." : "Demo ISP already present; nothing to do.");
console.log(`Logins (password ${DEMO_PASSWORD}):\n${demoLogins.map((l) => `  ${l.role.padEnd(18)} ${l.email}`).join("\n")}`);
console.log(portalLine);
