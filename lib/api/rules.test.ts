import { describe, expect, it } from "vitest";
import { apiKeyFormSchema, parseAllowedIps, scopeAllows } from "@/lib/api/rules";

describe("API key rules", () => {
  it.each([
    ["203.0.113.10", ["203.0.113.10"]],
    ["203.0.113.0/24\n2001:db8::/32", ["203.0.113.0/24", "2001:db8::/32"]],
    ["10.0.0.1, 10.0.0.1", ["10.0.0.1"]],
    ["", []],
  ])("accepts %j as %j", (raw, ips) => {
    expect(parseAllowedIps(raw)).toEqual({ ips, problem: null });
  });

  it.each(["300.1.1.1", "banana", "10.0.0.0/33", "example.ph"])("refuses %j with its words", (raw) => {
    expect(parseAllowedIps(raw).problem).toContain(raw);
  });

  it("write includes read of the same area only", () => {
    expect(scopeAllows(["customers:write"], "customers:read")).toBe(true);
    expect(scopeAllows(["customers:read"], "customers:write")).toBe(false);
    expect(scopeAllows(["customers:write"], "tickets:read")).toBe(false);
  });

  it("needs a name and a scope, and a sane rate", () => {
    const parsed = apiKeyFormSchema.safeParse({ name: " ", scopes: [], rateLimitPerMinute: "0", allowedIps: "nope" });
    expect(parsed.success).toBe(false);
    const fields = new Set(parsed.error!.issues.map((i) => i.path[0]));
    expect(fields).toEqual(new Set(["name", "scopes", "rateLimitPerMinute", "allowedIps"]));
    expect(apiKeyFormSchema.parse({ name: "Sync", scopes: ["plans:read"], rateLimitPerMinute: "60" })).toMatchObject({ expiresOn: "", allowedIps: "" });
  });
});
