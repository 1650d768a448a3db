/*
 * What the reconciler of a RADIUS-mode router (lib/provisioning/reconcile.ts) asks of this room: the input without
 * the accounts RADIUS serves (so no PPPoE secret or hotspot user of ours stays on the router), the router's /radius
 * side, and telling live sessions about the sync's changes, with the API kick as the fallback.
 */
import { applyRadiusClient } from "@/lib/radius/router-config";
import { routerRadiusConfig } from "@/lib/radius/nas";
import { radiusServed, type RadiusNas, type RadiusSyncResult } from "@/lib/radius/sync";
import { tellLiveSessions } from "@/lib/radius/coa";
import { logger } from "@/lib/core/logger";
import type { DesiredInput } from "@/lib/provisioning/desired";
import type { RouterOsApi } from "@/lib/routeros/api";
import type { Db } from "@/lib/db/types";

/** The router's input with the PPPoE and hotspot subscriptions left to RADIUS (static plans stay pushed: no login). */
export function withoutRadiusAccounts(input: DesiredInput): DesiredInput {
  const served = new Set(radiusServed(input).map((s) => s.id));
  return { ...input, subscriptions: input.subscriptions.filter((s) => !served.has(s.id)) };
}

/** Our /radius entry, /ppp aaa and /radius incoming on the router (nothing when no RADIUS server is configured). */
export async function applyRadiusSide(db: Db, api: Pick<RouterOsApi, "write">, nas: RadiusNas, dryRun: boolean): Promise<string[]> {
  const config = await routerRadiusConfig(db, nas, { revealSecret: true });
  if (!config) {
    logger.warn({ routerId: nas.routerId }, "router is in RADIUS mode but RADIUS_SERVER_ADDRESS is not set; its /radius side is not applied");
    return [];
  }
  return applyRadiusClient(api, config, dryRun);
}

/** Ends a user's live PPPoE or hotspot session through the API (when the NAS did not acknowledge a RADIUS request). */
async function kickByApi(api: Pick<RouterOsApi, "write">, username: string): Promise<void> {
  for (const [menu, query] of [
    ["/ppp/active", `?name=${username}`],
    ["/ip/hotspot/active", `?user=${username}`],
  ] as const) {
    const { rows } = await api.write(`${menu}/print`, { ".proplist": ".id" }, [query]);
    for (const row of rows) await api.write(`${menu}/remove`, { ".id": row[".id"]! });
  }
}

/** Tells the NAS's live sessions what changed; a failure here is logged, never a failed reconcile (the tables are right). */
export async function tellRadiusSessions(
  db: Db,
  tenantId: string,
  nas: RadiusNas,
  sync: RadiusSyncResult,
  api: Pick<RouterOsApi, "write">,
): Promise<void> {
  if (sync.users.length === 0 && sync.changedGroups.length === 0) return;
  try {
    const notices = await tellLiveSessions(db, { tenantId, nas, sync, fallback: (username) => kickByApi(api, username) });
    if (notices.length > 0)
      logger.info(
        {
          routerId: nas.routerId,
          coa: notices.filter((n) => n.action === "coa").length,
          disconnect: notices.filter((n) => n.action === "disconnect").length,
          unacknowledged: notices.filter((n) => !n.answer.acked).length,
        },
        "RADIUS sessions told of changes",
      );
  } catch (error) {
    logger.warn({ routerId: nas.routerId, err: error instanceof Error ? error.message : String(error) }, "telling RADIUS sessions of changes failed");
  }
}
