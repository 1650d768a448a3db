import { connectPostgres } from "@/lib/db/connect";
import { prepareDatabase } from "@/lib/db/prepare";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("DATABASE_URL is not set. The embedded database migrates itself when the app starts.");
  process.exit(1);
}
const connection = connectPostgres(url, 2);
await prepareDatabase(connection);
await connection.close();
console.log("Migrations applied.");
