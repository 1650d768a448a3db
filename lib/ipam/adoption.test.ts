import { describe, expect, it } from "vitest";
import { judgeRouterPool, type RouterPoolEntry } from "./adoption";

const ROUTER = "router-1";
const prefixes = [
  { id: "cgnat", prefix: "100.64.0.0/10" },
  { id: "tower", prefix: "100.64.8.0/21" },
  { id: "voice", prefix: "100.64.16.0/24" },
];
const pools = [
  // Tower 2's pool of the common name, in the /10.
  { id: "p-tower2", name: "pppoe-pool", range: "100.64.0.2-100.64.3.254", routerId: "router-2", prefixId: "cgnat" },
  // Typed in by hand, on no router yet.
  { id: "p-biz", name: "biz-pool", range: "100.64.8.10-100.64.8.99", routerId: null, prefixId: "tower" },
  // Already ours on this router.
  { id: "p-lan", name: "lan-pool", range: "100.64.9.10-100.64.9.99", routerId: ROUTER, prefixId: "tower" },
  { id: "p-voip", name: "voip", range: "100.64.16.2-100.64.16.9", routerId: "router-2", prefixId: "voice" },
];
const entry = (name: string, ranges: string): RouterPoolEntry => ({ name, ranges, nextPool: "", comment: "" });
const judge = (name: string, ranges: string) => judgeRouterPool(entry(name, ranges), { routerId: ROUTER, prefixes, pools });

describe("judging a router's pool for adoption", () => {
  it.each([
    [
      "a new pool goes into the narrowest recorded prefix holding it",
      "guest-pool",
      "100.64.10.2-100.64.10.254",
      { kind: "new", prefixId: "tower", newPrefix: null },
    ],
    [
      "a name taken in that prefix by another router's pool gets the narrowest prefix holding the range, nested",
      "pppoe-pool",
      "100.64.4.2-100.64.4.254",
      { kind: "new", prefixId: null, newPrefix: "100.64.4.0/24" },
    ],
    [
      "outside every recorded prefix, the narrowest prefix holding it is recorded",
      "dhcp",
      "192.168.88.10-192.168.88.254",
      { kind: "new", prefixId: null, newPrefix: "192.168.88.0/24" },
    ],
    [
      "a pool of ours saying the same on no router is taken, and moved onto this router",
      "biz-pool",
      "100.64.8.10-100.64.8.99",
      { kind: "existing", poolId: "p-biz", setRouter: true },
    ],
    [
      "the same pool written as first-last is ours already on this router",
      "lan-pool",
      "100.64.9.10-100.64.9.99",
      { kind: "existing", poolId: "p-lan", setRouter: false },
    ],
  ])("%s", (_, name, ranges, plan) => {
    const judged = judge(name, ranges);
    expect(judged.candidate.problem).toBeNull();
    expect(judged.plan).toMatchObject(plan);
  });

  it.each([
    ["name with a space", "my pool", "100.64.12.2-100.64.12.9", "The name can't be a NetSphere pool name"],
    ["several ranges", "two", "100.64.12.2-100.64.12.9,100.64.13.2-100.64.13.9", "It has 2 ranges"],
    ["unreadable range", "bad", "100.64.12.2-banana", `Its range "100.64.12.2-banana" can't be read`],
    ["an overlap with a pool of ours", "other", "100.64.8.50-100.64.8.200", "It overlaps our pool biz-pool (100.64.8.10-100.64.8.99)."],
    [
      "our pool of the name on this router with another range",
      "lan-pool",
      "100.64.9.10-100.64.9.200",
      "Our pool lan-pool for this router has 100.64.9.10-100.64.9.99",
    ],
    [
      "a name taken in the narrowest prefix the range fits",
      "voip",
      "100.64.16.100-100.64.16.200",
      "100.64.16.0/24 already has a pool named voip; rename one of them.",
    ],
  ])("refuses %s", (_, name, ranges, problem) => {
    const judged = judge(name, ranges);
    expect(judged.plan).toBeNull();
    expect(judged.candidate).toMatchObject({ adoptAs: null, problem: expect.stringContaining(problem) });
  });

  it("among our pools of the name on no router, shows and takes the one with the entry's range (the demo's one pppoe-pool per router)", () => {
    const typed = [
      { id: "p-r1", name: "pppoe-pool", range: "10.1.0.2-10.1.3.254", routerId: null, prefixId: "r1" },
      { id: "p-r2", name: "pppoe-pool", range: "10.2.0.2-10.2.3.254", routerId: null, prefixId: "r2" },
    ];
    const blocks = [
      { id: "r1", prefix: "10.1.0.0/22" },
      { id: "r2", prefix: "10.2.0.0/22" },
    ];
    const judged = judgeRouterPool(entry("pppoe-pool", "10.2.0.2-10.2.3.254"), { routerId: ROUTER, prefixes: blocks, pools: typed });
    expect(judged.candidate).toMatchObject({
      prefix: "10.2.0.0/22",
      recordedPool: { range: "10.2.0.2-10.2.3.254", carried: "nowhere" },
      adoptAs: "existing",
    });
    expect(judged.plan).toMatchObject({ kind: "existing", poolId: "p-r2", setRouter: true });
  });

  it("says which prefix holds it and where our pool of the same name is carried", () => {
    expect(judge("pppoe-pool", "100.64.4.2-100.64.4.254").candidate).toMatchObject({
      prefix: "100.64.0.0/10",
      newPrefix: "100.64.4.0/24",
      recordedPool: { range: "100.64.0.2-100.64.3.254", carried: "other_router" },
      adoptAs: "new",
    });
    expect(judge("biz-pool", "100.64.8.10-100.64.8.99").candidate).toMatchObject({
      prefix: "100.64.8.0/21",
      recordedPool: { range: "100.64.8.10-100.64.8.99", carried: "nowhere" },
      adoptAs: "existing",
    });
  });
});
