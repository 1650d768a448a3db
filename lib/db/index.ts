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
  if (env().DATABASE_URL) return connectPostgres(env().DATABASE_URL!, env().DATABASE_POOL_SIZE);
  const dataDir = path.resolve(env().DATA_DIR);
  lockDataDir(dataDir);
  const { client, connection } = openPglite({ dataDir: path.join(dataDir, "pglite") });
  await client.waitReady;
  return connection;
}

/**
 * The handle of one ISP's work: every statement runs as the app role with `app.tenant_id` set, so the row-level
 * policies return nothing of another ISP even to a query that forgot its tenant filter (lib/db/tenant-bound.ts).
 * Staff and portal requests get it from their session context; per-tenant jobs ask for it by the tenant they run.
 */
export async function tenantDb(tenantId: string) {
  return (await getConnection()).forTenant(tenantId);
}

/**
 * The owner's handle for the NetSphere operator area, which works across ISPs on purpose. Named apart from
 * `getDb` so every cross-tenant use is visible in review; each operator action records who did what.
 */
export async function crossTenantDb() {
  return (await getConnection()).db;
}
