/*
 * The second wall behind the tenant filter in every query: a database handle on which every statement runs as
 * the role `netsphere_app` (it owns no table, so the row-level policies bind it) with `app.tenant_id` naming one
 * ISP. A query that forgets its tenant filter then still sees, and may write, only that ISP's rows.
 *
 * Postgres: tenant work has its own pool. Each checkout (a statement, or a transaction's connection) first sets
 * the role and the tenant on that connection, so a connection is never used with the tenant of its previous
 * user; a connection whose setting fails is discarded, not returned to the pool.
 * PGlite: one in-process connection serves every request at once, so a setting on the connection would leak
 * between interleaved requests. Each statement and each transaction runs in its own transaction instead, with
 * the role and tenant set transaction-locally first.
 */
import type { PGlite, Transaction } from "@electric-sql/pglite";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import pg from "pg";
import * as schema from "@/lib/db/schema";
import type { Db } from "@/lib/db/types";
import { survivesIdleErrors } from "@/lib/db/pool-errors";

/** The role of tenant work (created by the `app_role` migration). */
export const APP_ROLE = "netsphere_app";

const bindOnConnection = "select set_config('role', $1, false), set_config('app.tenant_id', $2, false)";
const bindInTransaction = "select set_config('role', $1, true), set_config('app.tenant_id', $2, true)";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A tenant id that is not a uuid is a bug in the caller: refuse it before it reaches a connection. */
function assertTenantId(tenantId: string) {
  if (!uuidPattern.test(tenantId)) throw new Error("A tenant-bound database handle needs the tenant's id.");
}

/**
 * What drizzle's node-postgres session is given instead of a pool. It extends `pg.Pool` because drizzle opens a
 * transaction on a checked-out connection only when its client is a pool (`instanceof Pool`); it never connects
 * itself: every checkout goes to the shared pool of tenant work and is bound to this tenant first.
 */
class TenantBoundPool extends pg.Pool {
  constructor(
    private readonly shared: pg.Pool,
    private readonly tenantId: string,
  ) {
    super({ max: 1 });
  }

  override async connect(): Promise<pg.PoolClient> {
    const client = await this.shared.connect();
    try {
      await client.query(bindOnConnection, [APP_ROLE, this.tenantId]);
    } catch (error) {
      // A connection whose binding failed must not serve anyone: destroy it rather than return it.
      client.release(error instanceof Error ? error : true);
      throw error;
    }
    return client;
  }

  /** Only the promise forms drizzle uses (no callback, no stream): checkout, bind, query, release. */
  override async query(...args: unknown[]) {
    const client = await this.connect();
    try {
      return await (client.query as (...a: unknown[]) => Promise<pg.QueryResult>)(...args);
    } finally {
      client.release();
    }
  }

  override async end() {
    // The shared pool belongs to the connection and is closed with it.
  }
}

/** The pool of tenant work on Postgres and a way to hand out handles bound to one tenant. */
export function tenantBoundPostgres(url: string, poolSize: number) {
  const shared = survivesIdleErrors(new pg.Pool({ connectionString: url, max: poolSize }));
  const handles = new HandleCache((tenantId) => drizzlePg(new TenantBoundPool(shared, tenantId) as pg.Pool, { schema }) as unknown as Db);
  return { forTenant: (tenantId: string) => handles.get(tenantId), close: () => shared.end() };
}

type PgliteClient = Pick<PGlite, "query" | "transaction">;

/** What drizzle's PGlite session is given instead of the database: the same two calls, each in a bound transaction. */
function tenantBoundPgliteClient(client: PGlite, tenantId: string): PgliteClient {
  const bind = (tx: Transaction) => tx.query(bindInTransaction, [APP_ROLE, tenantId]);
  return {
    query: ((...args: Parameters<Transaction["query"]>) =>
      client.transaction(async (tx) => {
        await bind(tx);
        return tx.query(...args);
      })) as PGlite["query"],
    transaction: ((callback: (tx: Transaction) => Promise<unknown>) =>
      client.transaction(async (tx) => {
        await bind(tx);
        return callback(tx);
      })) as PGlite["transaction"],
  };
}

export function tenantBoundPglite(client: PGlite) {
  const handles = new HandleCache(
    (tenantId) => drizzlePglite({ client: tenantBoundPgliteClient(client, tenantId) as PGlite, schema }) as unknown as Db,
  );
  return { forTenant: (tenantId: string) => handles.get(tenantId) };
}

/** Handles are cheap but not free (drizzle reads the schema when one is made): one per tenant, kept. */
class HandleCache {
  private readonly handles = new Map<string, Db>();
  constructor(private readonly make: (tenantId: string) => Db) {}

  get(tenantId: string): Db {
    assertTenantId(tenantId);
    let handle = this.handles.get(tenantId);
    if (!handle) {
      if (this.handles.size >= 5_000) this.handles.clear();
      handle = this.make(tenantId);
      this.handles.set(tenantId, handle);
    }
    return handle;
  }
}

const tenantHandles = new WeakMap<Db, (tenantId: string) => Db>();

/** Remembers which bound handles go with an owner's handle (called when a connection opens). */
export function registerTenantHandles(ownerDb: Db, forTenant: (tenantId: string) => Db) {
  tenantHandles.set(ownerDb, forTenant);
}

/**
 * The handle bound to one ISP that goes with an owner's handle: for per-tenant jobs, whose runner hands them the
 * owner's handle to find the tenants to run, and for tests building staff contexts.
 */
export function tenantHandle(ownerDb: Db, tenantId: string): Db {
  const forTenant = tenantHandles.get(ownerDb);
  if (!forTenant) throw new Error("This database handle has no tenant-bound twin: open it with connectPostgres or openPglite.");
  return forTenant(tenantId);
}
