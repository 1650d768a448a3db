import "server-only";
import { withRouter } from "@/lib/routers/access";
import { listActiveSessions } from "@/lib/network/sessions";
import type { DbOrTx } from "@/lib/db/types";

/** The marker the reconciler writes into `comment` on every hotspot user it owns. */
export const MANAGED_COMMENT_PREFIX = "netsphere:";

/** Users shown at most; voucher routers carry thousands, and the search narrows them. */
export const HOTSPOT_USER_LIMIT = 300;

export type HotspotUser = {
  id: string;
  name: string;
  profile: string;
  uptime: string;
  limitUptime: string;
  bytesIn: string;
  bytesOut: string;
  disabled: boolean;
  managed: boolean;
};
export type HotspotProfile = { name: string; rateLimit: string; sharedUsers: string; sessionTimeout: string; idleTimeout: string };

/**
 * The router's hotspot as it is right now: users (narrowed by `search`), user profiles and live sessions,
 * read in one go on the pooled connection with `.proplist` so counters of unrelated fields aren't pulled.
 */
export async function readHotspot(db: DbOrTx, ids: { tenantId: string; routerId: string }, { search = "" }: { search?: string } = {}) {
  return withRouter(db, ids, async (client) => {
    const [users, profiles, active] = await Promise.all([
      client.write("/ip/hotspot/user/print", { ".proplist": ".id,name,profile,uptime,limit-uptime,bytes-in,bytes-out,disabled,comment" }),
      client.write("/ip/hotspot/user/profile/print", { ".proplist": "name,rate-limit,shared-users,session-timeout,idle-timeout" }),
      listActiveSessions(client, { service: "hotspot" }),
    ]);
    const needle = search.trim().toLowerCase();
    const matching = users.rows.filter(
      (row) => !needle || (row.name ?? "").toLowerCase().includes(needle) || (row.profile ?? "").toLowerCase().includes(needle),
    );
    return {
      totalUsers: users.rows.length,
      matchingUsers: matching.length,
      users: matching.slice(0, HOTSPOT_USER_LIMIT).map((row): HotspotUser => ({
        id: row[".id"] ?? "",
        name: row.name ?? "",
        profile: row.profile ?? "",
        uptime: row.uptime ?? "",
        limitUptime: row["limit-uptime"] ?? "",
        bytesIn: row["bytes-in"] ?? "",
        bytesOut: row["bytes-out"] ?? "",
        disabled: row.disabled === "true",
        managed: (row.comment ?? "").startsWith(MANAGED_COMMENT_PREFIX),
      })),
      profiles: profiles.rows.map((row): HotspotProfile => ({
        name: row.name ?? "",
        rateLimit: row["rate-limit"] ?? "",
        sharedUsers: row["shared-users"] ?? "",
        sessionTimeout: row["session-timeout"] ?? "",
        idleTimeout: row["idle-timeout"] ?? "",
      })),
      active,
    };
  });
}
