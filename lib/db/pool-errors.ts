import type pg from "pg";
import { logger } from "@/lib/core/logger";

/**
 * A connection sitting idle in the pool can be closed under it (Postgres restarted, an administrator
 * ended it, a failover). node-postgres then emits "error" on the pool, and with no listener that
 * crashes the process. The pool drops the dead connection and opens a new one when next asked, so
 * this is a warning, logged without the connection's parameters.
 */
export function survivesIdleErrors<P extends pg.Pool>(pool: P): P {
  pool.on("error", (error: Error & { code?: string }) => {
    logger.warn({ code: error.code, reason: error.message }, "an idle database connection was closed; the pool opens a new one when needed");
  });
  return pool;
}
