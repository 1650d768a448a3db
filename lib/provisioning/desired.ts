/*
 * The desired state of one router, computed from our rows alone (pure): which profiles, secrets,
 * hotspot users, queues and address-list entries NetSphere wants there. Every row we own carries a
 * marker in `comment` ("netsphere:<kind>:<id>"), so entries staff made by hand are never touched.
 */
import { rateLimitOf } from "@/lib/plans/rules";
import { formatDuration } from "@/lib/routeros/values";
import type { ServicePlan } from "@/lib/plans/schema";

export const MARKER_PREFIX = "netsphere:";
export const marker = (kind: "plan" | "sub" | "voucher" | "queue" | "isolation", id: string) => `${MARKER_PREFIX}${kind}:${id}`;
export const isManaged = (comment: string | undefined) => (comment ?? "").startsWith(MARKER_PREFIX);

/** The menus the reconciler owns rows in, in the order adds and sets are applied (removals run in reverse). */
export const managedMenus = [
  "ppp/profile",
  "ip/hotspot/user/profile",
  "ppp/secret",
  "ip/hotspot/user",
  "queue/simple",
  "queue/tree",
  "ip/firewall/address-list",
] as const;
export type ManagedMenu = (typeof managedMenus)[number];

export type DesiredRow = {
  /** How the row is found on the router: its name, or "list|address" for address-list entries. */
  key: string;
  props: Record<string, string>;
  /** The subscription this row serves (its provision state follows the row's outcome). */
  subscriptionId?: string;
  /** A live session to disconnect when this row changes, so the change applies now (ROUTEROS.md §5.1). */
  session?: { menu: "ppp/active" | "ip/hotspot/active"; name: string };
};

export type DesiredState = Record<ManagedMenu, DesiredRow[]> & {
  /**
   * Hotspot user profiles have no `comment`, so the marker can't live there: NetSphere owns the ones whose
   * name starts with `ns-` (plan profiles) and the isolation profile, by name.
   */
  ownedProfileNames: Set<string>;
};

/** Menus whose rows carry no `comment`; ownership there is by name (see `ownedProfileNames`). */
export const commentlessMenus: ReadonlySet<ManagedMenu> = new Set(["ip/hotspot/user/profile"]);
export const PROFILE_PREFIX = "ns-";

export type DesiredPlan = Pick<
  ServicePlan,
  | "id"
  | "name"
  | "type"
  | "queueMode"
  | "addressPool"
  | "sharedUsers"
  | "downloadKbps"
  | "uploadKbps"
  | "burstDownloadKbps"
  | "burstUploadKbps"
  | "burstThresholdDownloadKbps"
  | "burstThresholdUploadKbps"
  | "burstTimeSeconds"
>;

export type DesiredSubscription = {
  id: string;
  username: string;
  password: string;
  planId: string;
  status: "pending" | "active" | "suspended" | "terminated";
  staticIp: string | null;
  macAddress: string | null;
};

export type DesiredVoucher = { id: string; code: string; planId: string; validitySeconds: number };

export type DesiredQueueNode = {
  id: string;
  name: string;
  parentName: string | null;
  parentInterface: string;
  packetMark: string;
  maxLimitBps: number;
  limitAtBps: number;
  priority: number;
  queueType: string;
};

export type IsolationSettings = {
  mode: "profile" | "address_list" | "both";
  profile: string;
  addressList: string;
  rateLimit: string;
};

export type DesiredInput = {
  plans: DesiredPlan[];
  subscriptions: DesiredSubscription[];
  vouchers: DesiredVoucher[];
  queueNodes: DesiredQueueNode[];
  isolation: IsolationSettings;
};

/** A router-safe profile name for a plan: "ns-fiber-50"; a clash between two plans' slugs adds the id's start. */
export function profileNames(plans: Pick<DesiredPlan, "id" | "name">[]): Map<string, string> {
  const slug = (name: string) =>
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 40) || "plan";
  const counts = new Map<string, number>();
  for (const plan of plans) counts.set(slug(plan.name), (counts.get(slug(plan.name)) ?? 0) + 1);
  return new Map(
    plans.map((plan) => [plan.id, counts.get(slug(plan.name))! > 1 ? `ns-${slug(plan.name)}-${plan.id.slice(0, 4)}` : `ns-${slug(plan.name)}`]),
  );
}

// A router refuses a static queue whose target is an interface that doesn't exist, and a PPPoE subscriber's
// `<pppoe-name>` exists only while online: a simple-queue PPPoE plan keeps the profile's rate-limit, whose
// per-session queue the router makes itself, and only subscribers with a static IP get a static queue.
const usesProfileRate = (plan: DesiredPlan) => plan.queueMode === "profile" || (plan.type === "pppoe" && plan.queueMode === "simple_queue");

/** Everything NetSphere wants on the router, from plans, subscriptions, vouchers and queue-tree nodes of that router. */
export function desiredState(input: DesiredInput): DesiredState {
  const state: DesiredState = {
    "ppp/profile": [],
    "ip/hotspot/user/profile": [],
    "ppp/secret": [],
    "ip/hotspot/user": [],
    "queue/simple": [],
    "queue/tree": [],
    "ip/firewall/address-list": [],
    ownedProfileNames: new Set([input.isolation.profile]),
  };
  const names = profileNames(input.plans);
  const plans = new Map(input.plans.map((plan) => [plan.id, plan]));
  const { isolation } = input;
  const isolateByProfile = isolation.mode !== "address_list";
  const isolateByList = isolation.mode !== "profile";
  const live = input.subscriptions.filter((s) => (s.status === "active" || s.status === "suspended") && plans.has(s.planId));
  const usedPlans = new Set([...live.map((s) => s.planId), ...input.vouchers.map((v) => v.planId)]);

  for (const plan of input.plans) {
    if (!usedPlans.has(plan.id)) continue;
    const rateLimit = usesProfileRate(plan) ? rateLimitOf(plan) : "";
    if (plan.type === "pppoe")
      state["ppp/profile"].push({
        key: names.get(plan.id)!,
        props: { "rate-limit": rateLimit, "remote-address": plan.addressPool ?? "", "only-one": "yes", comment: marker("plan", plan.id) },
      });
    if (plan.type === "hotspot")
      state["ip/hotspot/user/profile"].push({
        key: names.get(plan.id)!,
        props: {
          "rate-limit": rateLimit,
          "shared-users": String(plan.sharedUsers),
          "address-pool": plan.addressPool ?? "none",
        },
      });
  }

  const suspendedTypes = new Set(live.filter((s) => s.status === "suspended").map((s) => plans.get(s.planId)!.type));
  if (isolateByProfile && suspendedTypes.has("pppoe"))
    state["ppp/profile"].push({
      key: isolation.profile,
      props: {
        "rate-limit": isolation.rateLimit,
        "remote-address": "",
        "only-one": "yes",
        "address-list": isolation.addressList,
        comment: marker("isolation", "ppp"),
      },
    });
  if (isolateByProfile && suspendedTypes.has("hotspot"))
    state["ip/hotspot/user/profile"].push({
      key: isolation.profile,
      props: {
        "rate-limit": isolation.rateLimit,
        "shared-users": "1",
        "address-pool": "none",
        "address-list": isolation.addressList,
      },
    });

  for (const sub of live) {
    const plan = plans.get(sub.planId)!;
    const suspended = sub.status === "suspended";
    const profile = suspended && isolateByProfile ? isolation.profile : names.get(plan.id)!;
    const comment = marker("sub", sub.id);
    if (plan.type === "pppoe")
      state["ppp/secret"].push({
        key: sub.username,
        subscriptionId: sub.id,
        session: { menu: "ppp/active", name: sub.username },
        props: {
          password: sub.password,
          service: "pppoe",
          profile,
          "remote-address": sub.staticIp ?? "",
          "caller-id": sub.macAddress ?? "",
          disabled: "false",
          comment,
        },
      });
    if (plan.type === "hotspot")
      state["ip/hotspot/user"].push({
        key: sub.username,
        subscriptionId: sub.id,
        session: { menu: "ip/hotspot/active", name: sub.username },
        props: {
          password: sub.password,
          profile,
          "mac-address": sub.macAddress ?? "00:00:00:00:00:00",
          "limit-uptime": "0s",
          disabled: "false",
          comment,
        },
      });
    // Static-IP plans and plans enforced by a per-subscriber simple queue.
    const queueTarget = sub.staticIp ? `${sub.staticIp}/32` : null;
    if (queueTarget && (plan.type === "static" || plan.queueMode === "simple_queue"))
      state["queue/simple"].push({
        key: `ns-${sub.username}`,
        subscriptionId: sub.id,
        props: {
          target: queueTarget,
          "max-limit": suspended ? isolation.rateLimit : `${plan.uploadKbps * 1000}/${plan.downloadKbps * 1000}`,
          disabled: "false",
          comment,
        },
      });
    if (suspended && sub.staticIp && (isolateByList || plan.type === "static"))
      state["ip/firewall/address-list"].push({
        key: `${isolation.addressList}|${sub.staticIp}`,
        subscriptionId: sub.id,
        props: { list: isolation.addressList, address: sub.staticIp, disabled: "false", comment },
      });
  }

  for (const voucher of input.vouchers) {
    const plan = plans.get(voucher.planId);
    if (!plan || plan.type !== "hotspot") continue;
    state["ip/hotspot/user"].push({
      key: voucher.code,
      session: { menu: "ip/hotspot/active", name: voucher.code },
      props: {
        password: "",
        profile: names.get(plan.id)!,
        "mac-address": "00:00:00:00:00:00",
        "limit-uptime": formatDuration(voucher.validitySeconds * 1000),
        disabled: "false",
        comment: marker("voucher", voucher.id),
      },
    });
  }

  for (const node of input.queueNodes)
    state["queue/tree"].push({
      key: node.name,
      props: {
        parent: node.parentName ?? node.parentInterface,
        "packet-mark": node.packetMark,
        "max-limit": String(node.maxLimitBps),
        "limit-at": String(node.limitAtBps),
        priority: String(node.priority),
        queue: node.queueType,
        comment: marker("queue", node.id),
      },
    });
  return state;
}
