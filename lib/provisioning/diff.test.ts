import { describe, expect, it } from "vitest";
import { plainPlan } from "@/tests/support/provisioning";
import { desiredState, marker, markerOwner, ownerTag, profileNames, type DesiredInput, type DesiredPlan } from "@/lib/provisioning/desired";
import { diffRouter, sameValue, type ActualState } from "@/lib/provisioning/diff";

const plan: DesiredPlan = {
  id: "11111111-1111-4111-8111-111111111111",
  name: "Fiber 50",
  type: "pppoe",
  ...plainPlan,
};
const subId = "22222222-2222-4222-8222-222222222222";
const owner = markerOwner("inst01", "33333333-3333-4333-8333-333333333333");
const input = (overrides: Partial<DesiredInput["subscriptions"][number]> = {}, mode: "profile" | "address_list" | "both" = "both"): DesiredInput => ({
  owner,
  knownIds: { subscriptions: [subId], vouchers: [] },
  plans: [plan],
  subscriptions: [
    { id: subId, username: "acc-000001", password: "pw123456", planId: plan.id, status: "active", staticIp: null, macAddress: null, ...overrides },
  ],
  vouchers: [],
  queueNodes: [],
  pools: [],
  isolation: { mode, profile: "netsphere-isolir", addressList: "netsphere-isolir", rateLimit: "256k/256k" },
});

const empty = (): ActualState => ({
  menus: {
    "ip/pool": [],
    "ppp/profile": [],
    "ip/hotspot/user/profile": [],
    "ppp/secret": [],
    "ip/hotspot/user": [],
    "queue/simple": [],
    "queue/tree": [],
    "ip/firewall/address-list": [],
  },
  sessions: { "ppp/active": new Map(), "ip/hotspot/active": new Map() },
});

/** The router as a previous reconcile of `input()` left it, with an online session. */
const converged = (): ActualState => {
  const actual = empty();
  actual.menus["ppp/profile"].push({
    id: "*1",
    props: { name: "ns-fiber-50", "rate-limit": "25M/50M", "only-one": "yes", comment: marker(owner, "plan", plan.id) },
  });
  actual.menus["ppp/secret"].push({
    id: "*2",
    props: {
      name: "acc-000001",
      password: "pw123456",
      service: "pppoe",
      profile: "ns-fiber-50",
      disabled: "false",
      comment: marker(owner, "sub", subId),
    },
  });
  actual.sessions["ppp/active"].set("acc-000001", ["*9"]);
  return actual;
};

const summary = (changes: ReturnType<typeof diffRouter>["changes"]) => changes.map((c) => `${c.action} ${c.menu} ${c.name}`);

describe("reconciler diff", () => {
  it.each([
    ["empty router: the plan's profile, then the secret", empty, input(), ["add ppp/profile ns-fiber-50", "add ppp/secret acc-000001"]],
    ["converged router: nothing to do", converged, input(), []],
    [
      "suspended: isolation profile added, secret moved, session kicked",
      converged,
      input({ status: "suspended" }),
      ["add ppp/profile netsphere-isolir", "set ppp/secret acc-000001", "kick ppp/active acc-000001"],
    ],
    [
      "terminated: the secret removed and its session kicked, then the unused profile",
      converged,
      input({ status: "terminated" }),
      ["remove ppp/secret acc-000001", "remove ppp/profile ns-fiber-50", "kick ppp/active acc-000001"],
    ],
    ["password changed: set and kick", converged, input({ password: "newpass99" }), ["set ppp/secret acc-000001", "kick ppp/active acc-000001"]],
    [
      "suspended with a static IP on address-list mode: the profile stays, the address is listed",
      converged,
      input({ status: "suspended", staticIp: "10.0.0.5" }, "address_list"),
      ["set ppp/secret acc-000001", "add ip/firewall/address-list netsphere-isolir|10.0.0.5", "kick ppp/active acc-000001"],
    ],
  ])("%s", (_name, actual, wanted, expected) => {
    expect(summary(diffRouter(desiredState(wanted), actual()).changes)).toEqual(expected);
  });

  it("reports a name held by an unmanaged router entry as a conflict and never writes to it", () => {
    const actual = empty();
    actual.menus["ppp/secret"].push({ id: "*5", props: { name: "acc-000001", profile: "default", comment: "added by hand" } });
    const { changes } = diffRouter(desiredState(input()), actual);
    const conflict = changes.find((c) => c.menu === "ppp/secret");
    expect(conflict).toMatchObject({ action: "conflict", outcome: "skipped", name: "acc-000001" });
    expect(changes.some((c) => c.id === "*5")).toBe(false);
  });

  it("leaves unmanaged entries alone even when we want nothing", () => {
    const actual = empty();
    actual.menus["ppp/secret"].push({ id: "*5", props: { name: "legacy-user", comment: "" } });
    actual.menus["ppp/profile"].push({ id: "*6", props: { name: "default", comment: "" } });
    expect(diffRouter(desiredState({ ...input(), subscriptions: [] }), actual).changes).toEqual([]);
  });

  it("does not call a hidden password drift, and shows changed fields without the password itself", () => {
    const actual = converged();
    delete actual.menus["ppp/secret"][0].props.password;
    expect(diffRouter(desiredState(input()), actual).changes).toEqual([]);
    const { changes } = diffRouter(desiredState(input({ password: "other-pass" })), converged());
    expect(changes[0].fields).toEqual({ password: ["••••", "••••"] });
    expect(JSON.stringify(changes.map((c) => c.fields))).not.toContain("other-pass");
  });

  it("removes a duplicate managed entry and keeps one", () => {
    const actual = converged();
    actual.menus["ppp/secret"].push({ ...actual.menus["ppp/secret"][0], id: "*3" });
    expect(summary(diffRouter(desiredState(input()), actual).changes)).toEqual(["remove ppp/secret acc-000001"]);
  });

  it("compares values the way RouterOS means them", () => {
    expect(sameValue("rate-limit", "25000000/50000000", "25M/50M")).toBe(true);
    expect(sameValue("max-limit", "512k/1M", "512000/1000000")).toBe(true);
    expect(sameValue("disabled", "no", "false")).toBe(true);
    expect(sameValue("limit-uptime", "1d", "86400s")).toBe(true);
    expect(sameValue("target", "10.0.0.5/32", "10.0.0.5")).toBe(true);
    expect(sameValue("rate-limit", "10M/10M", "25M/50M")).toBe(false);
  });

  it("gives each plan a stable router-safe profile name, disambiguating clashes", () => {
    const names = profileNames([
      { id: "aaaa0000-0000-4000-8000-000000000000", name: "Fiber 50" },
      { id: "bbbb0000-0000-4000-8000-000000000000", name: "fiber-50" },
      { id: "cccc0000-0000-4000-8000-000000000000", name: "Home Plus ₱999" },
    ]);
    expect([...names.values()]).toEqual(["ns-fiber-50-aaaa", "ns-fiber-50-bbbb", "ns-home-plus-999"]);
  });

  it("turns vouchers into hotspot users with their validity as limit-uptime", () => {
    const hotspot = { ...plan, id: "33333333-3333-4333-8333-333333333333", name: "Hotspot 1 Day", type: "hotspot" as const };
    const state = desiredState({
      ...input(),
      plans: [plan, hotspot],
      subscriptions: [],
      vouchers: [{ id: "v1", code: "K7PX9M", planId: hotspot.id, validitySeconds: 86400 }],
    });
    const profile = `ns-${ownerTag(owner)}-hotspot-1-day`;
    expect(state["ip/hotspot/user"]).toEqual([
      expect.objectContaining({ key: "K7PX9M", props: expect.objectContaining({ profile, "limit-uptime": "1d" }) }),
    ]);
    expect(state["ip/hotspot/user/profile"].map((p) => p.key)).toEqual([profile]);
  });
});

describe("entries of another installation or router record", () => {
  const other = markerOwner("other1", "33333333-3333-4333-8333-333333333333");
  const sibling = markerOwner("inst01", "44444444-4444-4444-8444-444444444444");

  it("never changes or removes them, and reports each one as foreign", () => {
    const actual = converged();
    actual.menus["ppp/secret"].push(
      { id: "*17", props: { name: "their-user", profile: "default", comment: marker(other, "sub", randomId(1)) } },
      { id: "*18", props: { name: "sibling-user", profile: "default", comment: marker(sibling, "sub", randomId(2)) } },
      { id: "*19", props: { name: "old-user", profile: "default", comment: `netsphere:sub:${randomId(3)}` } },
    );
    const { changes } = diffRouter(desiredState({ ...input(), subscriptions: [] }), actual);
    expect(changes.filter((c) => c.action !== "foreign").map((c) => c.name)).toEqual(["acc-000001", "ns-fiber-50", "acc-000001"]);
    expect(changes.filter((c) => c.action === "foreign").map((c) => [c.name, c.outcome])).toEqual([
      ["their-user", "skipped"],
      ["sibling-user", "skipped"],
      ["old-user", "skipped"],
    ]);
    expect(changes.some((c) => ["*17", "*18", "*19"].includes(c.id ?? ""))).toBe(false);
  });

  it("calls a wanted name held by a foreign entry a conflict, not ours to overwrite", () => {
    const actual = empty();
    actual.menus["ppp/secret"].push({ id: "*5", props: { name: "acc-000001", profile: "default", comment: marker(other, "sub", subId) } });
    const conflict = diffRouter(desiredState(input()), actual).changes.find((c) => c.menu === "ppp/secret");
    expect(conflict).toMatchObject({ action: "conflict", reason: expect.stringContaining("another NetSphere installation") });
  });

  it("rewrites our legacy markers with a set, without removing or disconnecting anything", () => {
    const actual = converged();
    for (const row of [...actual.menus["ppp/profile"], ...actual.menus["ppp/secret"]])
      row.props.comment = row.props.comment.replace(/^netsphere:[^:]+:[^:]+:/, "netsphere:");
    const { changes } = diffRouter(desiredState(input()), actual);
    expect(changes.map((c) => [c.action, c.name, c.fields?.comment?.[1]])).toEqual([
      ["set", "ns-fiber-50", marker(owner, "plan", plan.id)],
      ["set", "acc-000001", marker(owner, "sub", subId)],
    ]);
  });

  it("owns hotspot profiles by its own tagged name only, so another installation's are left alone", () => {
    const theirs = `ns-${ownerTag(other)}-fiber-50`;
    const actual = empty();
    actual.menus["ip/hotspot/user/profile"].push({ id: "*3", props: { name: theirs, "rate-limit": "1M/1M" } });
    expect(ownerTag(other)).not.toBe(ownerTag(owner));
    expect(diffRouter(desiredState({ ...input(), subscriptions: [] }), actual).changes).toEqual([]);
  });
});

function randomId(n: number) {
  return `${n}${n}${n}${n}${n}${n}${n}${n}-0000-4000-8000-000000000000`;
}

describe("subscribers at their data cap", () => {
  const capped = (cap: "throttle" | "profile" | "block", planOverrides: Partial<DesiredPlan> = {}, status: "active" | "suspended" = "active") => {
    const wanted = input({ cap, status });
    wanted.plans = [{ ...plan, quotaThrottleRate: "2M/2M", quotaProfile: "fup-1mbps", ...planOverrides }];
    return wanted;
  };

  it.each([
    [
      "throttle: the plan's slower profile is added and the secret moved to it, the session kicked so it applies now",
      capped("throttle"),
      ["add ppp/profile ns-fiber-50-fup", "set ppp/secret acc-000001", "kick ppp/active acc-000001"],
    ],
    ["profile: the secret moves to the ISP's own profile", capped("profile"), ["set ppp/secret acc-000001", "kick ppp/active acc-000001"]],
    [
      "block: isolated as for non-payment, so only the portal answers",
      capped("block"),
      ["add ppp/profile netsphere-isolir", "set ppp/secret acc-000001", "kick ppp/active acc-000001"],
    ],
    ["throttle without a rate set on the plan enforces nothing", capped("throttle", { quotaThrottleRate: null }), []],
    [
      "a suspended subscriber stays isolated whatever the cap says",
      capped("throttle", {}, "suspended"),
      ["add ppp/profile netsphere-isolir", "set ppp/secret acc-000001", "kick ppp/active acc-000001"],
    ],
  ])("%s", (_name, wanted, expected) => {
    expect(summary(diffRouter(desiredState(wanted), converged()).changes)).toEqual(expected);
  });

  it("throttles with the plan's rate and names the profile after the plan", () => {
    const state = desiredState(capped("throttle"));
    expect(state["ppp/profile"].find((p) => p.key === "ns-fiber-50-fup")?.props["rate-limit"]).toBe("2M/2M");
    expect(state["ppp/secret"][0]!.props.profile).toBe("ns-fiber-50-fup");
    expect(desiredState(capped("profile"))["ppp/secret"][0]!.props.profile).toBe("fup-1mbps");
  });

  it("removes the slower profile once nobody on the plan is capped", () => {
    const actual = converged();
    actual.menus["ppp/profile"].push({ id: "*5", props: { name: "ns-fiber-50-fup", "rate-limit": "2M/2M", comment: marker(owner, "fup", plan.id) } });
    actual.menus["ppp/secret"][0]!.props.profile = "ns-fiber-50-fup";
    expect(summary(diffRouter(desiredState(input()), actual).changes)).toEqual([
      "set ppp/secret acc-000001",
      "remove ppp/profile ns-fiber-50-fup",
      "kick ppp/active acc-000001",
    ]);
  });

  it("caps a simple-queue static subscriber's queue at the throttle rate", () => {
    const wanted = capped("throttle", { type: "static" });
    wanted.subscriptions[0]!.staticIp = "10.0.0.9";
    expect(desiredState(wanted)["queue/simple"][0]!.props["max-limit"]).toBe("2M/2M");
  });
});

describe("IP pools of the address plan", () => {
  const poolId = "55555555-5555-4555-8555-555555555555";
  const pool = { id: poolId, name: "pppoe-pool", ranges: "100.64.0.2-100.64.3.254" };
  const withPool = (ranges = pool.ranges): DesiredInput => ({ ...input(), pools: [{ ...pool, ranges }] });
  const ourPool = (ranges: string) => ({ id: "*a", props: { name: "pppoe-pool", ranges, comment: marker(owner, "pool", poolId) } });

  it("adds the pool before the profiles that hand addresses out from it", () => {
    expect(summary(diffRouter(desiredState(withPool()), empty()).changes)).toEqual([
      "add ip/pool pppoe-pool",
      "add ppp/profile ns-fiber-50",
      "add ppp/secret acc-000001",
    ]);
    expect(desiredState(withPool())["ip/pool"]).toEqual([
      { key: "pppoe-pool", props: { ranges: "100.64.0.2-100.64.3.254", comment: marker(owner, "pool", poolId) } },
    ]);
  });

  it("sets a pool whose range changed, and leaves one that matches", () => {
    const actual = converged();
    actual.menus["ip/pool"].push(ourPool("100.64.0.2-100.64.1.254"));
    const { changes } = diffRouter(desiredState(withPool()), actual);
    expect(changes.map((c) => [c.action, c.menu, c.name, c.id, c.props])).toEqual([
      ["set", "ip/pool", "pppoe-pool", "*a", { ranges: "100.64.0.2-100.64.3.254" }],
    ]);
    actual.menus["ip/pool"][0] = ourPool(pool.ranges);
    expect(diffRouter(desiredState(withPool()), actual).changes).toEqual([]);
  });

  it("removes our pool once no pool of the address plan wants this router, after the profiles", () => {
    const actual = converged();
    actual.menus["ip/pool"].push(ourPool(pool.ranges));
    expect(summary(diffRouter(desiredState({ ...input(), subscriptions: [] }), actual).changes)).toEqual([
      "remove ppp/secret acc-000001",
      "remove ppp/profile ns-fiber-50",
      "remove ip/pool pppoe-pool",
      "kick ppp/active acc-000001",
    ]);
  });

  it("calls a hand-made pool of the same name a conflict and never overwrites or removes it", () => {
    const actual = converged();
    actual.menus["ip/pool"].push({ id: "*b", props: { name: "pppoe-pool", ranges: "10.10.0.2-10.10.3.254", comment: "" } });
    const { changes } = diffRouter(desiredState(withPool()), actual);
    expect(changes.map((c) => [c.action, c.menu, c.name, c.outcome])).toEqual([["conflict", "ip/pool", "pppoe-pool", "skipped"]]);
    expect(changes.some((c) => c.id === "*b")).toBe(false);
    expect(diffRouter(desiredState(input()), actual).changes).toEqual([]);
  });

  it("leaves a pool marked by another installation, and a legacy pool marker, alone", () => {
    const actual = converged();
    actual.menus["ip/pool"].push(
      { id: "*c", props: { name: "their-pool", ranges: "10.20.0.2-10.20.0.9", comment: marker(markerOwner("other1", poolId), "pool", poolId) } },
      { id: "*d", props: { name: "old-pool", ranges: "10.30.0.2-10.30.0.9", comment: `netsphere:pool:${poolId}` } },
    );
    const { changes } = diffRouter(desiredState(input()), actual);
    expect(changes.map((c) => [c.action, c.name])).toEqual([
      ["foreign", "their-pool"],
      ["foreign", "old-pool"],
    ]);
  });
});
