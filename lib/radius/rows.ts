/*
 * What FreeRADIUS should answer, computed from our rows alone (pure): a group per plan (its `Mikrotik-Rate-Limit`
 * with burst, its `Framed-Pool`), a group for the ISP's isolation and one per plan's data-cap step, and per
 * subscriber its password, `Simultaneous-Use`, static address and group. A suspended subscriber is not rejected: it
 * logs in to the isolation group (the isolation profile, address list and rate), so it reaches the payment page.
 * Pending and terminated subscriptions have no rows: FreeRADIUS rejects them.
 */
import { rateLimitOf } from "@/lib/plans/rules";
import type { DesiredPlan, DesiredSubscription, IsolationSettings } from "@/lib/provisioning/desired";

export type RadiusAttribute = { attribute: string; op: string; value: string };
export type RadiusGroupRows = { groupname: string; reply: RadiusAttribute[] };
export type RadiusUserRows = {
  subscriptionId: string;
  username: string;
  /** The password stays plain here; sync.ts encrypts it as it writes (`Cleartext-Password` rows are stored encrypted). */
  check: RadiusAttribute[];
  reply: RadiusAttribute[];
  groupname: string;
};

export const RATE_LIMIT = "Mikrotik-Rate-Limit";
export const ADDRESS_LIST = "Mikrotik-Address-List";
export const ROUTER_GROUP = "Mikrotik-Group";

/** Group names carry our ids, so no two ISPs ever share one. */
export const planGroup = (planId: string) => `plan:${planId}`;
export const capGroup = (planId: string) => `cap:${planId}`;
export const isolationGroup = (tenantId: string) => `isolation:${tenantId}`;

export type RadiusInput = {
  tenantId: string;
  plans: readonly DesiredPlan[];
  isolation: IsolationSettings;
};

/** The ISP's groups: one per plan, one per plan with a data-cap step, and the isolation group. */
export function radiusGroups({ tenantId, plans, isolation }: RadiusInput): RadiusGroupRows[] {
  const groups: RadiusGroupRows[] = [];
  for (const plan of plans) {
    const reply: RadiusAttribute[] = [{ attribute: RATE_LIMIT, op: ":=", value: rateLimitOf(plan) }];
    if (plan.addressPool) reply.push({ attribute: "Framed-Pool", op: ":=", value: plan.addressPool });
    groups.push({ groupname: planGroup(plan.id), reply });
    const cap: RadiusAttribute[] = [];
    if (plan.quotaThrottleRate) cap.push({ attribute: RATE_LIMIT, op: ":=", value: plan.quotaThrottleRate });
    if (plan.quotaProfile) cap.push({ attribute: ROUTER_GROUP, op: ":=", value: plan.quotaProfile });
    if (cap.length > 0) {
      if (plan.addressPool) cap.push({ attribute: "Framed-Pool", op: ":=", value: plan.addressPool });
      groups.push({ groupname: capGroup(plan.id), reply: cap });
    }
  }
  // Isolation by RADIUS is the address list and the isolation rate, whatever the API-push mode: the list is what the
  // isolation firewall rules match, and it works alike for PPPoE and hotspot (a profile name would differ between them).
  const isolated: RadiusAttribute[] = [
    { attribute: RATE_LIMIT, op: ":=", value: isolation.rateLimit },
    { attribute: ADDRESS_LIST, op: ":=", value: isolation.addressList },
  ];
  groups.push({ groupname: isolationGroup(tenantId), reply: isolated });
  return groups.map((group) => ({ ...group, reply: sortAttributes(group.reply) }));
}

/** One subscription's rows, or null when FreeRADIUS should not know it (pending, terminated, or its plan is gone). */
export function radiusUser(input: RadiusInput, sub: DesiredSubscription): RadiusUserRows | null {
  if (sub.status !== "active" && sub.status !== "suspended") return null;
  const plan = input.plans.find((p) => p.id === sub.planId);
  if (!plan) return null;
  const check: RadiusAttribute[] = [
    { attribute: "Cleartext-Password", op: ":=", value: sub.password },
    // A hotspot account may be used on as many devices as the plan shares it with; PPPoE once.
    { attribute: "Simultaneous-Use", op: ":=", value: String(plan.type === "hotspot" ? Math.max(1, plan.sharedUsers) : 1) },
  ];
  const reply: RadiusAttribute[] = sub.staticIp ? [{ attribute: "Framed-IP-Address", op: ":=", value: sub.staticIp }] : [];
  return { subscriptionId: sub.id, username: sub.username, check: sortAttributes(check), reply, groupname: groupOf(input, plan, sub) };
}

function groupOf(input: RadiusInput, plan: DesiredPlan, sub: DesiredSubscription): string {
  if (sub.status === "suspended") return isolationGroup(input.tenantId);
  // At the data cap, as the API-push reconciler does: "block" isolates, "throttle"/"profile" take the cap group
  // (when the plan names what to throttle to or which profile), "notify" changes nothing.
  if (sub.cap === "block") return isolationGroup(input.tenantId);
  if ((sub.cap === "throttle" && plan.quotaThrottleRate) || (sub.cap === "profile" && plan.quotaProfile)) return capGroup(plan.id);
  return planGroup(plan.id);
}

const sortAttributes = (rows: RadiusAttribute[]) => [...rows].sort((a, b) => a.attribute.localeCompare(b.attribute));

/** What a live session should get now (a CoA's attributes) from the group it belongs to. */
export function sessionAttributes(groups: readonly RadiusGroupRows[], groupname: string): RadiusAttribute[] {
  return groups.find((g) => g.groupname === groupname)?.reply.filter((a) => a.attribute === RATE_LIMIT || a.attribute === ADDRESS_LIST) ?? [];
}
