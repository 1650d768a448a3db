import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { plainPlan } from "@/tests/support/provisioning";
import { desiredState, managedMenus, type DesiredInput, type DesiredPlan } from "@/lib/provisioning/desired";
import type { PlannedChange } from "@/lib/provisioning/diff";
import { applyChanges, printDeadlineMs, readActualState } from "@/lib/provisioning/router-io";
import { describeRouterFailure } from "@/lib/routers/access";
import { RouterOsClient } from "@/lib/routeros/client";
import { RouterOsInterruptedError, RouterOsTrapError } from "@/lib/routeros/errors";
import { defaultFaults } from "@/lib/routeros/simulator/faults";
import { startSimulator, type RunningSimulator } from "@/lib/routeros/simulator/server";
import { dispatch } from "@/lib/routeros/simulator/dispatch";
import { createRouterState, type RouterState } from "@/lib/routeros/simulator/router-state";

/*
 * Everything the reconciler writes must be something a router accepts: the desired state of every plan
 * type and queue mode, applied to a simulated router that checks each value's type as RouterOS does.
 */

function routerApi(state: RouterState) {
  return {
    async write(command: string, attributes: Record<string, string> = {}) {
      const replies = dispatch(state, { command, attributes, api: {}, queries: [] });
      const traps = replies
        .filter((reply) => reply.type === "!trap")
        .map((reply) => ({ message: reply.attributes.message, category: reply.attributes.category }));
      if (traps.length > 0) throw new RouterOsTrapError(command, traps);
      const done = replies.at(-1)!;
      return { rows: replies.filter((reply) => reply.type === "!re").map((reply) => reply.attributes), ret: done.attributes.ret };
    },
  };
}

const basePlan = plainPlan;

const plans: DesiredPlan[] = [
  { ...basePlan, id: "10000000-0000-4000-8000-000000000001", name: "Fiber 50", type: "pppoe", addressPool: "pppoe-pool" },
  {
    ...basePlan,
    id: "10000000-0000-4000-8000-000000000002",
    name: "Burst 20",
    type: "pppoe",
    downloadKbps: 20_000,
    uploadKbps: 512,
    burstDownloadKbps: 40_000,
    burstUploadKbps: 1024,
    burstThresholdDownloadKbps: 15_000,
    burstThresholdUploadKbps: 384,
    burstTimeSeconds: 8,
  },
  { ...basePlan, id: "10000000-0000-4000-8000-000000000003", name: "Queue 30", type: "pppoe", queueMode: "simple_queue", downloadKbps: 30_000 },
  { ...basePlan, id: "10000000-0000-4000-8000-000000000004", name: "Day pass", type: "hotspot", addressPool: "hs-pool", sharedUsers: 2 },
  { ...basePlan, id: "10000000-0000-4000-8000-000000000005", name: "Business", type: "static" },
];

const subscription = (n: number, planIndex: number, extra: Partial<DesiredInput["subscriptions"][number]> = {}) => ({
  id: `20000000-0000-4000-8000-00000000000${n}`,
  username: `acc-00000${n}`,
  password: `pw-${n}`,
  planId: plans[planIndex].id,
  status: "active" as const,
  staticIp: null,
  macAddress: null,
  ...extra,
});

// Built loosely so the test follows the input's shape as it grows (owner and ids for markers).
const input = {
  owner: { installation: "inst1", router: "abcd1234" },
  knownIds: { subscriptions: [], vouchers: [] },
  plans,
  subscriptions: [
    subscription(1, 0, { macAddress: "AA:BB:CC:00:00:01" }),
    subscription(2, 1, { status: "suspended" }),
    subscription(3, 2),
    subscription(4, 2, { staticIp: "10.20.0.4" }),
    subscription(5, 3, { macAddress: "AA:BB:CC:00:00:05" }),
    subscription(6, 3, { status: "suspended" }),
    subscription(7, 4, { staticIp: "10.30.0.7", status: "suspended" }),
  ],
  vouchers: [{ id: "30000000-0000-4000-8000-000000000001", code: "V0001", planId: plans[3].id, validitySeconds: 86_400 }],
  queueNodes: [
    {
      id: "40000000-0000-4000-8000-000000000001",
      name: "tower-a",
      parentName: null,
      parentInterface: "ether1",
      packetMark: "tower-a",
      maxLimitBps: 100_000_000,
      limitAtBps: 50_000_000,
      priority: 4,
      queueType: "pcq-download-default",
    },
  ],
  // The pools the plans hand addresses out from: added first, so the profiles naming them are accepted.
  pools: [
    { id: "50000000-0000-4000-8000-000000000001", name: "pppoe-pool", ranges: "10.10.0.2-10.10.3.254" },
    { id: "50000000-0000-4000-8000-000000000002", name: "hs-pool", ranges: "10.11.0.2-10.11.0.254" },
  ],
  isolation: { mode: "both", profile: "netsphere-isolir", addressList: "netsphere-isolir", rateLimit: "256k/256k" },
} as unknown as DesiredInput;

describe("the reconciler's writes", () => {
  it("are all accepted by a router that checks every value's type", async () => {
    const state = createRouterState({ version: "7.19.2" });
    const desired = desiredState(input);
    const changes: PlannedChange[] = managedMenus.flatMap((menu) =>
      desired[menu].map((row) => ({ menu, action: "add" as const, name: row.key, props: row.props, outcome: "planned" as const })),
    );
    expect(changes.length).toBeGreaterThan(10);
    await applyChanges(routerApi(state), changes, { count: 0 });
    expect(changes.filter((change) => change.outcome !== "applied").map((change) => `${change.menu} ${change.name}: ${change.error}`)).toEqual([]);
  });
});

describe("bulk reads", () => {
  it("give each print a deadline that grows with the table's size, counted first", async () => {
    const calls: { attributes: Record<string, string>; timeoutMs?: number }[] = [];
    const api = {
      async write(command: string, attributes: Record<string, string> = {}, ...rest: [string[]?, { timeoutMs?: number }?]) {
        calls.push({ attributes, timeoutMs: rest[1]?.timeoutMs });
        return "count-only" in attributes ? { rows: [], ret: command.startsWith("/ppp/secret") ? "10000" : "0" } : { rows: [] };
      },
    };
    const desired = desiredState(input);
    await readActualState(api, desired, { count: 0 });
    const prints = calls.filter((call) => !("count-only" in call.attributes));
    expect(prints.length).toBe(calls.length / 2);
    expect(prints.map((call) => call.timeoutMs)).toContain(printDeadlineMs(10_000));
    expect(printDeadlineMs(10_000)).toBe(25_000);
    expect(prints.filter((call) => call.timeoutMs === printDeadlineMs(0))).toHaveLength(prints.length - 1);
  });
});

describe("a connection lost in the middle of an apply", () => {
  let simulator: RunningSimulator;
  beforeAll(async () => {
    simulator = await startSimulator({ username: "u", password: "p" });
  });
  afterAll(async () => {
    await simulator.stop();
  });

  it("says how many changes were sent and confirmed, not 'could not connect', and the next run converges", async () => {
    const changes: PlannedChange[] = Array.from({ length: 100 }, (_, i) => ({
      menu: "ppp/secret",
      action: "add",
      name: `lost-${i}`,
      props: { password: "pw", service: "pppoe" },
      outcome: "planned",
    }));
    const first = new RouterOsClient({ host: "127.0.0.1", port: simulator.port, username: "u", password: "p", timeoutMs: 2000 });
    await first.connect();
    simulator.setFaults({ dropAfterCommands: 30 });
    const error = await applyChanges(first, changes, { count: 0 }, 10).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RouterOsInterruptedError);
    const interrupted = error as RouterOsInterruptedError;
    expect(interrupted.answered).toBe(30);
    expect(interrupted.sent).toBeGreaterThanOrEqual(31);
    expect(interrupted.sent).toBeLessThanOrEqual(40);
    expect(interrupted.total).toBe(100);
    const message = describeRouterFailure(error);
    expect(message).toContain("lost during the change");
    expect(message).toContain(`${interrupted.sent} of 100 changes were sent and 30 confirmed`);
    expect(message).toContain("the next reconcile");
    expect(message).not.toContain("Could not connect");
    expect(changes.filter((change) => change.outcome === "applied")).toHaveLength(30);

    simulator.setFaults(defaultFaults());
    const second = new RouterOsClient({ host: "127.0.0.1", port: simulator.port, username: "u", password: "p", timeoutMs: 2000 });
    await second.connect();
    await applyChanges(
      second,
      changes.filter((change) => change.outcome !== "applied"),
      { count: 0 },
    );
    expect((await second.write("/ppp/secret/print", { "count-only": "" }, ["?service=pppoe"])).ret).toBe("100");
    await second.close();
  });
});
