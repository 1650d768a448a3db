import "server-only";
import { describeRouterFailure, withRouter } from "@/lib/routers/access";
import { RouterOsTrapError } from "@/lib/routeros/errors";
import type { RouterOsApi, RouterOsRow } from "@/lib/routeros/api";
import type { DbOrTx } from "@/lib/db/types";

/** Rows shown at most per table; a NAS has a dynamic simple queue per session. */
export const LIVE_QUEUE_LIMIT = 300;

export type LiveTable = { ok: true; rows: RouterOsRow[]; total: number } | { ok: false; message: string };

/** One print; a refusal (an old RouterOS without the menu, a missing policy) stays local to its table. */
async function printTable(client: RouterOsApi, command: string, proplist: string): Promise<LiveTable> {
  try {
    const { rows } = await client.write(command, { ".proplist": proplist });
    return { ok: true, rows: rows.slice(0, LIVE_QUEUE_LIMIT), total: rows.length };
  } catch (error) {
    if (error instanceof RouterOsTrapError) return { ok: false, message: describeRouterFailure(error) };
    throw error;
  }
}

/** The router's actual `/queue/tree` and `/queue/simple`, with current rates (read-only). */
export function readQueues(db: DbOrTx, ids: { tenantId: string; routerId: string }) {
  return withRouter(db, ids, async (client) => {
    const [tree, simple] = await Promise.all([
      printTable(client, "/queue/tree/print", "name,parent,packet-mark,limit-at,max-limit,priority,queue,rate,bytes,disabled,invalid,comment"),
      printTable(client, "/queue/simple/print", "name,target,parent,limit-at,max-limit,rate,bytes,dynamic,disabled,invalid,comment"),
    ]);
    return { tree, simple };
  });
}
