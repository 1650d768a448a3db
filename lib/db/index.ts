import "server-only";
import path from "node:path";
import { connectPostgres, lockDataDir, openPglite, type Connection } from "@/lib/db/connect";
import { env } from "@/lib/core/env";

const globalForDb = globalThis as unknown as { netsphereDb?: Promise<Connection> };

/**
 * The app's database, opened on first use (never at import time: `next build` imports route
 * modules, and a second opener of one PGlite directory corrupts it).
 */
export function getConnection(): Promise<Connection> {
  globalForDb.netsphereDb ??= open();
  return globalForDb.netsphereDb;
}

export async function getDb() {
  return (await getConnection()).db;
}

async function open(): Promise<Connection> {
  if (env().DATABASE_URL) return connectPostgres(env().DATABASE_URL!);
  const dataDir = path.resolve(env().DATA_DIR);
  lockDataDir(dataDir);
  const { client, connection } = openPglite({ dataDir: path.join(dataDir, "pglite") });
  await client.waitReady;
  return connection;
}
