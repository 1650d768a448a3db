/*
 * A subscriber's connection as the router sees it right now: online or not, since when, the address and
 * MAC it came from, the rate it is using, and when and why it last dropped. Read on demand (the technician's
 * ticket page, support's customer page) on the router's pooled connection; never stored.
 */
import "server-only";
import { loadSubscriptionTraffic } from "@/lib/monitoring/queries";
import { describeRouterFailure, loadRouter, pooledClient } from "@/lib/routers/access";
import { monitorTrafficOnce } from "@/lib/routeros/menus/interfaces";
import { hotspotActive } from "@/lib/routeros/menus/hotspot";
import { pppActive, pppSecrets } from "@/lib/routeros/menus/ppp";
import type { RouterDateTime } from "@/lib/routeros/values";
import type { RouterOsApi } from "@/lib/routeros/api";
import type { DbOrTx } from "@/lib/db/types";
import { clock } from "@/lib/core/clock";

export type LiveSession = {
  address: string;
  macAddress: string;
  uptimeSeconds: number | null;
  /** Bits per second towards the subscriber (download) and from them (upload); null when not measured. */
  downloadBps: number | null;
  uploadBps: number | null;
};

export type SubscriberStatus = {
  subscriptionId: string;
  username: string;
  service: "ppp" | "hotspot" | null;
  routerName: string | null;
  checkedAt: string;
  /** `unreachable`: the router did not answer; `no_router`: nothing to ask (static plan or no router). */
  state: "online" | "offline" | "unreachable" | "no_router";
  session: LiveSession | null;
  /** `at` is the router's clock, as the router reports it. */
  lastDisconnect: { at: string; reason: string; callerId: string } | null;
  /** Optical/wireless signal is reported by CPE integrations, which this router link does not have. */
  signal: string | null;
  message: string | null;
};

export type StatusTarget = {
  subscriptionId: string;
  username: string;
  service: "ppp" | "hotspot" | null;
  routerId: string | null;
  routerName: string | null;
};

export async function loadStatusTarget(
  db: DbOrTx,
  { tenantId, subscriptionId }: { tenantId: string; subscriptionId: string },
): Promise<StatusTarget> {
  const row = await loadSubscriptionTraffic(db, { tenantId, subscriptionId });
  const service = row.planType === "hotspot" ? "hotspot" : row.planType === "static" ? null : "ppp";
  return { subscriptionId: row.id, username: row.username, service, routerId: row.routerId, routerName: row.routerName };
}

const pad = (n: number) => String(n).padStart(2, "0");
/** The router's own clock (its time zone), shown as it reads: `2026-11-26 09:14:03`. */
const routerTimeOf = (d: RouterDateTime) => `${d.year}-${pad(d.month)}-${pad(d.day)} ${pad(d.hour)}:${pad(d.minute)}:${pad(d.second)}`;

/** RouterOS durations read as milliseconds. */
const secondsOf = (ms: number | null | undefined) => (ms == null ? null : Math.round(ms / 1000));

async function readPpp(api: RouterOsApi, username: string) {
  const [active] = await pppActive.print(api, { queries: [`?name=${username}`] });
  const [secret] = await pppSecrets.print(api, { queries: [`?name=${username}`] });
  const lastDisconnect =
    secret?.lastLoggedOut != null
      ? { at: routerTimeOf(secret.lastLoggedOut), reason: secret.lastDisconnectReason ?? "", callerId: secret.lastCallerId ?? "" }
      : null;
  if (!active) return { session: null, lastDisconnect };
  const [rate] = await monitorTrafficOnce(api, [`<pppoe-${username}>`]).catch(() => []);
  // On the router's side of a PPPoE interface, "tx" goes to the subscriber: that is their download.
  const session: LiveSession = {
    address: active.address ?? "",
    macAddress: active.callerId ?? "",
    uptimeSeconds: secondsOf(active.uptime),
    downloadBps: rate?.txBitsPerSecond ?? null,
    uploadBps: rate?.rxBitsPerSecond ?? null,
  };
  return { session, lastDisconnect };
}

async function readHotspot(api: RouterOsApi, username: string) {
  const [active] = await hotspotActive.print(api, { queries: [`?user=${username}`] });
  if (!active) return { session: null, lastDisconnect: null };
  const session: LiveSession = {
    address: active.address ?? "",
    macAddress: active.macAddress ?? "",
    uptimeSeconds: secondsOf(active.uptime),
    downloadBps: null,
    uploadBps: null,
  };
  return { session, lastDisconnect: null };
}

/** Asks the subscriber's router; a router that does not answer is reported, never thrown. */
export async function subscriberStatus(
  db: DbOrTx,
  { tenantId, subscriptionId }: { tenantId: string; subscriptionId: string },
): Promise<SubscriberStatus> {
  const target = await loadStatusTarget(db, { tenantId, subscriptionId });
  const base = {
    subscriptionId: target.subscriptionId,
    username: target.username,
    service: target.service,
    routerName: target.routerName,
    checkedAt: clock.now().toISOString(),
    signal: null,
  };
  if (!target.routerId || !target.service)
    return { ...base, state: "no_router", session: null, lastDisconnect: null, message: "This subscription has no router session to check." };
  try {
    const router = await loadRouter(db, { tenantId, routerId: target.routerId });
    const api = await pooledClient(router, db);
    const read = target.service === "ppp" ? await readPpp(api, target.username) : await readHotspot(api, target.username);
    return { ...base, state: read.session ? "online" : "offline", ...read, message: null };
  } catch (error) {
    return { ...base, state: "unreachable", session: null, lastDisconnect: null, message: describeRouterFailure(error) };
  }
}
