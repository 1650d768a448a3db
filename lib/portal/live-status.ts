/*
 * Is the subscriber online right now? Asked of the router (its active PPPoE or hotspot sessions) on the
 * pooled connection; a router that is down or slow to answer becomes "status unavailable", never an error page.
 */
import "server-only";
import { withRouter } from "@/lib/routers/access";
import { liveRead } from "@/lib/routers/live";
import { listActiveSessions } from "@/lib/network/sessions";
import type { DbOrTx } from "@/lib/db/types";

export type LiveStatus = { state: "online"; address: string; uptime: string } | { state: "offline" } | { state: "unknown"; message: string };

type Service = { routerId: string | null; username: string; planType: "pppoe" | "hotspot" | "static"; staticIp: string | null };

/** The live state of one of the tenant's subscriptions (already loaded for its tenant). */
export async function subscriberLiveStatus(db: DbOrTx, { tenantId, subscription }: { tenantId: string; subscription: Service }): Promise<LiveStatus> {
  if (!subscription.routerId) return { state: "unknown", message: "Your service is not connected to our network yet." };
  if (subscription.planType === "static")
    return {
      state: "unknown",
      message: `Static IP service${subscription.staticIp ? ` (${subscription.staticIp})` : ""}: there is no session to check.`,
    };
  const service = subscription.planType === "hotspot" ? "hotspot" : "ppp";
  const read = await liveRead(
    withRouter(db, { tenantId, routerId: subscription.routerId }, (client) => listActiveSessions(client, { service, search: subscription.username })),
  );
  if (!read.ok) return { state: "unknown", message: "We cannot check your connection right now. Try again in a few minutes." };
  const session = read.data.find((s) => s.name === subscription.username);
  return session ? { state: "online", address: session.address, uptime: session.uptime } : { state: "offline" };
}
