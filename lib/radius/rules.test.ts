import { describe, expect, it } from "vitest";
import { newSharedSecret, radiusSettingsSchema, routerRadiusScript } from "@/lib/radius/rules";
import { capGroup, isolationGroup, planGroup, radiusGroups, radiusUser } from "@/lib/radius/rows";
import type { DesiredPlan, DesiredSubscription } from "@/lib/provisioning/desired";
import { plainPlan } from "@/tests/support/provisioning";

const config = {
  server: { address: "10.99.0.1", authPort: 1812, acctPort: 1813 },
  secret: "Abc123",
  nasAddress: "10.99.0.2",
  coaPort: 3799,
  interimSeconds: 300,
  requireMessageAuth: true,
  comment: "netsphere:inst:abcd1234:radius:nas",
};

describe("RADIUS settings and the router's script", () => {
  it("takes an IPv4 source address, a port and an interim interval, and says what is wrong otherwise", () => {
    const routerId = "00000000-0000-4000-8000-000000000001";
    expect(
      radiusSettingsSchema.parse({ routerId, nasAddress: " 10.99.0.2 ", coaPort: "3799", interimSeconds: "300", requireMessageAuth: "on" }),
    ).toEqual({
      routerId,
      nasAddress: "10.99.0.2",
      coaPort: 3799,
      interimSeconds: 300,
      requireMessageAuth: true,
    });
    const bad = radiusSettingsSchema.safeParse({ routerId, nasAddress: "router.example", coaPort: "70000", interimSeconds: "5" });
    expect(bad.success).toBe(false);
    const fields = Object.fromEntries((bad.error?.issues ?? []).map((issue) => [issue.path[0], issue.message]));
    expect(fields).toMatchObject({
      nasAddress: expect.stringContaining("IPv4"),
      coaPort: "Enter a port from 1 to 65535.",
      interimSeconds: "Interim updates every 60 s to 1 hour.",
    });
  });

  it("writes RouterOS 7's require-message-auth, leaves it out for 6, and marks our entry", () => {
    const v7 = routerRadiusScript(config, 7);
    expect(v7).toContain(
      "/radius add service=ppp,hotspot address=10.99.0.1 secret=Abc123 authentication-port=1812 accounting-port=1813 src-address=10.99.0.2",
    );
    expect(v7).toContain("require-message-auth=yes-for-request-resp");
    expect(v7).toContain("comment=netsphere:inst:abcd1234:radius:nas");
    expect(v7).toContain("/ppp aaa set use-radius=yes accounting=yes interim-update=5m");
    expect(v7).toContain("/radius incoming set accept=yes port=3799");
    expect(routerRadiusScript(config, 6)).not.toContain("require-message-auth");
    expect(routerRadiusScript({ ...config, secret: "<secret>" }, 7)).toContain('secret="<secret>"');
  });

  it("makes 32-character secrets of letters and digits", () => {
    const secret = newSharedSecret((n) => Buffer.from(Array.from({ length: n }, (_, i) => i * 7)));
    expect(secret).toMatch(/^[A-Za-z0-9]{32}$/);
  });
});

const plan = (overrides: Partial<DesiredPlan> = {}): DesiredPlan => ({
  id: "p1",
  name: "Fiber 50",
  type: "pppoe",
  ...plainPlan,
  quotaThrottleRate: "2M/2M",
  ...overrides,
});
const sub = (overrides: Partial<DesiredSubscription> = {}): DesiredSubscription => ({
  id: "s1",
  username: "juan",
  password: "pw",
  planId: "p1",
  status: "active",
  staticIp: null,
  macAddress: null,
  ...overrides,
});
const isolation = { mode: "profile" as const, profile: "isolir", addressList: "isolated", rateLimit: "128k/128k" };

describe("what FreeRADIUS answers", () => {
  const input = { tenantId: "t1", plans: [plan()], isolation };

  it("isolates by address list and rate whatever the API-push mode, so PPPoE and hotspot alike reach the payment page", () => {
    const groups = radiusGroups(input);
    expect(groups.find((g) => g.groupname === isolationGroup("t1"))?.reply).toEqual([
      { attribute: "Mikrotik-Address-List", op: ":=", value: "isolated" },
      { attribute: "Mikrotik-Rate-Limit", op: ":=", value: "128k/128k" },
    ]);
    expect(groups.find((g) => g.groupname === capGroup("p1"))?.reply).toEqual([{ attribute: "Mikrotik-Rate-Limit", op: ":=", value: "2M/2M" }]);
  });

  it("puts a capped subscriber in the cap group, a blocked one in isolation, and leaves pending and terminated ones out", () => {
    expect(radiusUser(input, sub())?.groupname).toBe(planGroup("p1"));
    expect(radiusUser(input, sub({ cap: "throttle" }))?.groupname).toBe(capGroup("p1"));
    expect(radiusUser(input, sub({ cap: "block" }))?.groupname).toBe(isolationGroup("t1"));
    expect(radiusUser(input, sub({ status: "suspended" }))?.groupname).toBe(isolationGroup("t1"));
    expect(radiusUser(input, sub({ status: "pending" }))).toBeNull();
    expect(radiusUser(input, sub({ status: "terminated" }))).toBeNull();
    expect(radiusUser(input, sub({ planId: "gone" }))).toBeNull();
  });
});
