/*
 * The desired state of one router, computed from our rows alone (pure): which address pools, profiles,
 * secrets, hotspot users, queues and address-list entries NetSphere wants there. Every row we own carries a
 * marker in `comment` naming this installation and this router record
 * ("netsphere:<installation>:<router>:<kind>:<id>"), so entries staff made by hand, and entries of
 * another NetSphere installation or another router record on the same device, are never touched.
 */
import { rateLimitOf } from "@/lib/plans/rules";
import { formatDuration } from "@/lib/routeros/values";
import type { ServicePlan } from "@/lib/plans/schema";

export const MARKER_PREFIX = "netsphere:";
/**
 * "fup": a plan's slower profile for subscribers held at their data cap (lib/quotas). "pool": an IP pool (lib/ipam).
 * "radius": the `/radius` entry of a router in RADIUS mode (lib/radius/router-config.ts).
 */
export const markerKinds = ["plan", "sub", "voucher", "queue", "isolation", "fup", "pool", "radius"] as const;
export type MarkerKind = (typeof markerKinds)[number];

/** Who writes the markers: this installation's id and the router record's short id (the first 8 hex digits of its uuid). */
export type MarkerOwner = { installation: string; router: string };
export const markerOwner = (installation: string, routerId: string): MarkerOwner => ({
  installation,
  router: routerId.replace(/-/g, "").slice(0, 8).toLowerCase(),
});

export const marker = (owner: MarkerOwner, kind: MarkerKind, id: string) => `${MARKER_PREFIX}${owner.installation}:${owner.router}:${kind}:${id}`;

/**
 * A marker read back: `owner` is null for the legacy form "netsphere:<kind>:<id>" written before markers named
 * their installation. Comments that merely start with "netsphere:" (e.g. the isolation script's) are not markers.
 */
export type ParsedMarker = { owner: MarkerOwner | null; kind: MarkerKind; id: string };
export function parseMarker(comment: string | undefined): ParsedMarker | null {
  if (!comment?.startsWith(MARKER_PREFIX)) return null;
  const parts = comment.slice(MARKER_PREFIX.length).split(":");
  const isKind = (value: string | undefined): value is MarkerKind => markerKinds.includes(value as MarkerKind);
  if (parts.length === 4 && isKind(parts[2]) && parts[0] && parts[1] && parts[3])
    return { owner: { installation: parts[0], router: parts[1] }, kind: parts[2], id: parts[3] };
  if (parts.length === 2 && isKind(parts[0]) && parts[1]) return { owner: null, kind: parts[0], id: parts[1] };
  return null;
}

/** Carries a NetSphere marker, of any installation: such entries are never offered for adoption. */
export const isManaged = (comment: string | undefined) => parseMarker(comment) !== null;

/**
 * A short tag of installation + router record (6 letters/digits, FNV-1a), for names that have no comment to carry a
 * marker: hotspot user profiles are named "ns-<tag>-<plan>", so two installations never share or remove one.
 */
export function ownerTag(owner: MarkerOwner): string {
  let hash = 0x811c9dc5;
  for (const char of `${owner.installation}:${owner.router}`) {
    hash ^= char.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(36).padStart(7, "0").slice(-6);
}

/**
 * The menus the reconciler owns rows in, in the order adds and sets are applied (removals run in reverse). Pools come
 * first: a PPP profile's `remote-address` and a hotspot profile's `address-pool` name one, which must exist.
 */
export const managedMenus = [
  "ip/pool",
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

/** What tells our entries on the router from everyone else's (see `ownershipOf` in diff.ts). */
export type Ownership = {
  owner: MarkerOwner;
  /** Hotspot user profiles have no `comment`: ours are the ones named with this prefix ("ns-<tag>-"). */
  profilePrefix: string;
  /** Ids a legacy marker ("netsphere:<kind>:<id>") may name and still be ours: this router's records. */
  legacyIds: Record<Exclude<MarkerKind, "isolation" | "fup" | "pool" | "radius">, ReadonlySet<string>>;
  /** The isolation PPP profile's name, when this router needs it (a legacy "netsphere:isolation:ppp" on it is ours). */
  legacyIsolationProfile: string | null;
  /** Legacy hotspot profile name ("ns-fiber-50") → its name now: moving a user between the two needs no disconnect. */
  renamedProfiles: ReadonlyMap<string, string>;
};

export type DesiredState = Record<ManagedMenu, DesiredRow[]> & { ownership: Ownership };

/** Menus whose rows carry no `comment`; ownership there is by name (see `Ownership.profilePrefix`). */
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
  | "quotaThrottleRate"
  | "quotaProfile"
>;

export type DesiredSubscription = {
  id: string;
  username: string;
  password: string;
  planId: string;
  status: "pending" | "active" | "suspended" | "terminated";
  staticIp: string | null;
  macAddress: string | null;
  /** Held at its data cap (lib/quotas): what the plan does there. Null = not capped, or the plan only notifies. */
  cap?: "throttle" | "profile" | "block" | null;
};

/** An IPv4 pool of the ISP's address plan that this router carries (lib/ipam): one range, "first-last". */
export type DesiredPool = { id: string; name: string; ranges: string };

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
  owner: MarkerOwner;
  /** Every subscription and voucher of the router, any status: legacy markers naming them are ours. */
  knownIds: { subscriptions: string[]; vouchers: string[] };
  plans: DesiredPlan[];
  subscriptions: DesiredSubscription[];
  vouchers: DesiredVoucher[];
  queueNodes: DesiredQueueNode[];
  pools: DesiredPool[];
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
  const names = profileNames(input.plans);
  const profilePrefix = `${PROFILE_PREFIX}${ownerTag(input.owner)}-`;
  const hotspotName = (name: string) => `${profilePrefix}${name.startsWith(PROFILE_PREFIX) ? name.slice(PROFILE_PREFIX.length) : name}`;
  const state: DesiredState = {
    "ip/pool": [],
    "ppp/profile": [],
    "ip/hotspot/user/profile": [],
    "ppp/secret": [],
    "ip/hotspot/user": [],
    "queue/simple": [],
    "queue/tree": [],
    "ip/firewall/address-list": [],
    ownership: {
      owner: input.owner,
      profilePrefix,
      legacyIds: {
        plan: new Set(input.plans.map((p) => p.id)),
        sub: new Set(input.knownIds.subscriptions),
        voucher: new Set(input.knownIds.vouchers),
        queue: new Set(input.queueNodes.map((n) => n.id)),
      },
      legacyIsolationProfile: null,
      renamedProfiles: new Map([
        ...input.plans.filter((p) => p.type === "hotspot").map((p) => [names.get(p.id)!, hotspotName(names.get(p.id)!)] as const),
        [input.isolation.profile, hotspotName(input.isolation.profile)],
      ]),
    },
  };
  // A router has one pool of a name (lib/ipam refuses a second); should two arrive, the first is kept.
  const poolNames = new Set<string>();
  for (const pool of input.pools) {
    if (poolNames.has(pool.name)) continue;
    poolNames.add(pool.name);
    state["ip/pool"].push({ key: pool.name, props: { ranges: pool.ranges, comment: marker(input.owner, "pool", pool.id) } });
  }

  const plans = new Map(input.plans.map((plan) => [plan.id, plan]));
  const { isolation } = input;
  const isolateByProfile = isolation.mode !== "address_list";
  const isolateByList = isolation.mode !== "profile";
  const live = input.subscriptions.filter((s) => (s.status === "active" || s.status === "suspended") && plans.has(s.planId));
  const usedPlans = new Set([...live.map((s) => s.planId), ...input.vouchers.map((v) => v.planId)]);
  // At the data cap: "block" isolates like non-payment (only the portal answers); "throttle" moves to the plan's slower
  // profile; "profile" to the router profile the ISP named. A plan missing its rate or profile name enforces nothing.
  const capOf = (sub: DesiredSubscription): "throttle" | "profile" | "block" | null => {
    if (sub.status !== "active" || !sub.cap) return null;
    const plan = plans.get(sub.planId)!;
    if (sub.cap === "throttle" && !plan.quotaThrottleRate) return null;
    if (sub.cap === "profile" && !plan.quotaProfile) return null;
    return sub.cap;
  };
  const isolated = (sub: DesiredSubscription) => sub.status === "suspended" || capOf(sub) === "block";
  const throttledPlans = new Set(live.filter((s) => capOf(s) === "throttle").map((s) => s.planId));
  const fupName = (planId: string) => `${names.get(planId)!}-fup`;

  for (const plan of input.plans) {
    if (!usedPlans.has(plan.id)) continue;
    const rateLimit = usesProfileRate(plan) ? rateLimitOf(plan) : "";
    if (plan.type === "pppoe")
      state["ppp/profile"].push({
        key: names.get(plan.id)!,
        props: {
          "rate-limit": rateLimit,
          "remote-address": plan.addressPool ?? "",
          "only-one": "yes",
          comment: marker(input.owner, "plan", plan.id),
        },
      });
    if (plan.type === "hotspot")
      state["ip/hotspot/user/profile"].push({
        key: hotspotName(names.get(plan.id)!),
        props: {
          "rate-limit": rateLimit,
          "shared-users": String(plan.sharedUsers),
          "address-pool": plan.addressPool ?? "none",
        },
      });
  }

  for (const plan of input.plans) {
    if (!throttledPlans.has(plan.id)) continue;
    const rateLimit = plan.quotaThrottleRate!;
    if (plan.type === "pppoe")
      state["ppp/profile"].push({
        key: fupName(plan.id),
        props: { "rate-limit": rateLimit, "remote-address": plan.addressPool ?? "", "only-one": "yes", comment: marker(input.owner, "fup", plan.id) },
      });
    if (plan.type === "hotspot")
      state["ip/hotspot/user/profile"].push({
        key: hotspotName(fupName(plan.id)),
        props: { "rate-limit": rateLimit, "shared-users": String(plan.sharedUsers), "address-pool": plan.addressPool ?? "none" },
      });
  }

  const suspendedTypes = new Set(live.filter(isolated).map((s) => plans.get(s.planId)!.type));
  if (isolateByProfile && suspendedTypes.has("pppoe")) {
    state.ownership.legacyIsolationProfile = isolation.profile;
    state["ppp/profile"].push({
      key: isolation.profile,
      props: {
        "rate-limit": isolation.rateLimit,
        "remote-address": "",
        "only-one": "yes",
        "address-list": isolation.addressList,
        comment: marker(input.owner, "isolation", "ppp"),
      },
    });
  }
  if (isolateByProfile && suspendedTypes.has("hotspot"))
    state["ip/hotspot/user/profile"].push({
      key: hotspotName(isolation.profile),
      props: {
        "rate-limit": isolation.rateLimit,
        "shared-users": "1",
        "address-pool": "none",
        "address-list": isolation.addressList,
      },
    });

  for (const sub of live) {
    const plan = plans.get(sub.planId)!;
    const suspended = isolated(sub);
    const cap = capOf(sub);
    const pppProfile =
      suspended && isolateByProfile ? isolation.profile : cap === "throttle" ? fupName(plan.id) : cap === "profile" ? plan.quotaProfile! : names.get(plan.id)!;
    const comment = marker(input.owner, "sub", sub.id);
    if (plan.type === "pppoe")
      state["ppp/secret"].push({
        key: sub.username,
        subscriptionId: sub.id,
        session: { menu: "ppp/active", name: sub.username },
        props: {
          password: sub.password,
          service: "pppoe",
          profile: pppProfile,
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
          // A profile the ISP named is theirs, as it is on the router; ours carry our prefix.
          profile: cap === "profile" && !suspended ? pppProfile : hotspotName(pppProfile),
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
          "max-limit": suspended
            ? isolation.rateLimit
            : cap === "throttle"
              ? plan.quotaThrottleRate!
              : `${plan.uploadKbps * 1000}/${plan.downloadKbps * 1000}`,
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
        profile: hotspotName(names.get(plan.id)!),
        "mac-address": "00:00:00:00:00:00",
        "limit-uptime": formatDuration(voucher.validitySeconds * 1000),
        disabled: "false",
        comment: marker(input.owner, "voucher", voucher.id),
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
        comment: marker(input.owner, "queue", node.id),
      },
    });
  return state;
}
