import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm";
import { btree_gin } from "@electric-sql/pglite/contrib/btree_gin";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import * as schema from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";
import { registerTenantHandles, tenantBoundPglite, tenantBoundPostgres } from "@/lib/db/tenant-bound";
import { survivesIdleErrors } from "@/lib/db/pool-errors";

export const migrationsFolder = path.join(process.cwd(), "supabase", "migrations");

export type Connection = {
  /** The owner's handle: migrations, seed, sign-in, webhooks before their tenant is known, the operator area. */
  db: Db;
  /** A handle bound to one ISP by the row-level policies (lib/db/tenant-bound.ts): staff, portal and per-tenant jobs. */
  forTenant: (tenantId: string) => Db;
  driver: "pglite" | "pg";
  close: () => Promise<void>;
  migrate: () => Promise<void>;
};

export function connectPostgres(url: string, poolSize = 10): Connection {
  const pool = survivesIdleErrors(new pg.Pool({ connectionString: url, max: poolSize }));
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  const tenantWork = tenantBoundPostgres(url, poolSize);
  registerTenantHandles(db, tenantWork.forTenant);
  return {
    db,
    forTenant: tenantWork.forTenant,
    driver: "pg",
    close: async () => {
      await Promise.all([pool.end(), tenantWork.close()]);
    },
    migrate: () => migratePg(drizzlePg(pool, { schema }), { migrationsFolder }),
  };
}

export function openPglite(options: { dataDir?: string; loadDataDir?: Blob } = {}): { client: PGlite; connection: Connection } {
  const client = new PGlite({ dataDir: options.dataDir, loadDataDir: options.loadDataDir, extensions: { pg_trgm, btree_gin } });
  const orm = drizzlePglite(client, { schema });
  const tenantWork = tenantBoundPglite(client);
  registerTenantHandles(orm as unknown as Db, tenantWork.forTenant);
  return {
    client,
    connection: {
      db: orm as unknown as Db,
      forTenant: tenantWork.forTenant,
      driver: "pglite",
      close: () => client.close(),
      migrate: () => migratePglite(orm, { migrationsFolder }),
    },
  };
}

/**
 * Two processes opening one PGlite directory lose writes silently, so the embedded database
 * is guarded by a lock file holding the owner's PID.
 */
export function lockDataDir(dataDir: string) {
  fs.mkdirSync(dataDir, { recursive: true });
  const lockFile = path.join(dataDir, "netsphere.lock");
  if (fs.existsSync(lockFile)) {
    const pid = Number(fs.readFileSync(lockFile, "utf8"));
    if (pid && pid !== process.pid && isAlive(pid)) {
      throw new Error(`The embedded database in ${dataDir} is in use by PID ${pid}; stop it or set DATABASE_URL.`);
    }
  }
  fs.writeFileSync(lockFile, String(process.pid));
  const release = () => {
    try {
      if (fs.readFileSync(lockFile, "utf8") === String(process.pid)) fs.unlinkSync(lockFile);
    } catch {
      // already gone: nothing to release
    }
  };
  process.once("exit", release);
  return release;
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
