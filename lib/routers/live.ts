import "server-only";
import { AppError } from "@/lib/core/errors";
import { withRouter } from "@/lib/routers/access";
import { readHealth, type RouterHealth } from "@/lib/routers/health";
import type { DbOrTx } from "@/lib/db/types";

/** Health read live over the router's pooled connection (no audit, no status change: a page view is not a test). */
export function readRouterHealth(db: DbOrTx, ids: { tenantId: string; routerId: string }): Promise<RouterHealth> {
  return withRouter(db, ids, (client) => readHealth(client));
}

export type LiveRead<T> = { ok: true; data: T } | { ok: false; message: string };

/** A live read for a page: a router that is down or refuses becomes a message to show, anything else still throws. */
export async function liveRead<T>(read: Promise<T>): Promise<LiveRead<T>> {
  try {
    return { ok: true, data: await read };
  } catch (error) {
    if (error instanceof AppError && (error.code === "router_unreachable" || error.code === "router_trap"))
      return { ok: false, message: error.message };
    throw error;
  }
}
