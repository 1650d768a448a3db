import { afterEach, describe, expect, it, vi } from "vitest";
import { routerAddressProblem } from "@/lib/routers/reach";

afterEach(() => {
  vi.unstubAllEnvs();
});

const router = { port: 8728, demo: false };

describe("where a router may be", () => {
  it("anywhere on a private or public network", () => {
    vi.stubEnv("NODE_ENV", "production");
    for (const address of ["10.0.0.1", "192.168.88.1", "172.16.5.1", "100.64.0.9", "fd00::1", "203.0.114.7", "2606:4700::1"]) {
      expect(routerAddressProblem(address, router)).toBeNull();
    }
  });

  it("never at a metadata service or at an address that is no single machine", () => {
    expect(routerAddressProblem("169.254.169.254", router)).toBe("This is a cloud server's internal metadata address, not a router.");
    expect(routerAddressProblem("::ffff:169.254.169.254", router)).toMatch(/metadata/);
    expect(routerAddressProblem("0.0.0.0", router)).toMatch(/^This is not a real destination address/);
    expect(routerAddressProblem("224.0.0.5", router)).toMatch(/multicast or broadcast/);
    expect(routerAddressProblem("255.255.255.255", router)).toMatch(/multicast or broadcast/);
  });

  it("on the server itself only outside production, for the demo's simulators, or where the operator allows it", () => {
    vi.stubEnv("OUTBOUND_ALLOWED_HOSTS", "");
    vi.stubEnv("NODE_ENV", "development");
    expect(routerAddressProblem("127.0.0.1", router)).toBeNull();
    vi.stubEnv("NODE_ENV", "production");
    for (const address of ["127.0.0.1", "127.0.0.2", "::1", "::ffff:127.0.0.1"]) {
      expect(routerAddressProblem(address, router)).toMatch(/^This address points back at the NetSphere server itself, not at a router/);
    }
    expect(routerAddressProblem("127.0.0.1", { port: 18728, demo: true })).toBeNull();
    expect(routerAddressProblem("127.0.0.1", { port: 5432, demo: true })).toMatch(/points back at the NetSphere server/);
    vi.stubEnv("OUTBOUND_ALLOWED_HOSTS", "127.0.0.1");
    expect(routerAddressProblem("127.0.0.1", router)).toBeNull();
  });

  it("never on the web app's own port, whatever the allowlist says", () => {
    vi.stubEnv("OUTBOUND_ALLOWED_HOSTS", "127.0.0.0/8");
    expect(routerAddressProblem("127.0.0.1", { port: 3000, demo: false })).toMatch(/^This is the NetSphere server's own web port/);
    expect(routerAddressProblem("10.0.0.1", { port: 3000, demo: false })).toBeNull();
  });
});
