import { describe, expect, it } from "vitest";
import { assertSameOrigin, isSameOriginRequest, localAppOrigins, type OriginFacts } from "@/lib/core/origin";

const ours = ["https://isp.example.ph", "http://127.0.0.1:3210/api/customers/1/documents"];
const post = (origin: string | null, fetchSite: string | null = null, method = "POST"): OriginFacts => ({
  method,
  origin,
  fetchSite,
  ownOrigins: ours,
});

describe("isSameOriginRequest", () => {
  it("lets a change through from our public address or the address the server answers on", () => {
    expect(isSameOriginRequest(post("https://isp.example.ph", "same-origin"))).toBe(true);
    expect(isSameOriginRequest(post("http://127.0.0.1:3210", "same-origin"))).toBe(true);
    // Scheme and host are compared as browsers write them: default ports and capitals make no difference.
    expect(isSameOriginRequest(post("HTTPS://ISP.example.ph:443"))).toBe(true);
  });

  it.each([
    ["another port on the same host (same site, not same origin)", "http://127.0.0.1:4000", "same-site"],
    ["another site", "https://attacker.example", "cross-site"],
    ["a look-alike host", "https://isp.example.ph.attacker.example", "cross-site"],
    ["our host over the other scheme", "http://isp.example.ph", "cross-site"],
    ["a sandboxed frame elsewhere", "null", "cross-site"],
    ["an origin that is not a URL", "javascript:alert(1)", null],
  ])("refuses a change from %s", (_, origin, fetchSite) => {
    expect(isSameOriginRequest(post(origin, fetchSite))).toBe(false);
  });

  it("refuses a browser that says the request is not same-origin even when the Origin looks like ours", () => {
    expect(isSameOriginRequest(post("https://isp.example.ph", "same-site"))).toBe(false);
    expect(isSameOriginRequest(post("https://isp.example.ph", "none"))).toBe(false);
  });

  it("refuses a change without an Origin, whoever sends it", () => {
    expect(isSameOriginRequest(post(null))).toBe(false);
    expect(isSameOriginRequest(post(null, "same-origin"))).toBe(false);
  });

  it("accepts Origin null only when the browser vouches that the post is same-origin (a no-referrer page's form)", () => {
    expect(isSameOriginRequest(post("null", "same-origin"))).toBe(true);
    expect(isSameOriginRequest(post("null"))).toBe(false);
  });

  it("checks every method that changes something and none that only reads", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE", "delete"])
      expect(isSameOriginRequest(post("https://attacker.example", "cross-site", method))).toBe(false);
    for (const method of ["GET", "HEAD", "OPTIONS"]) expect(isSameOriginRequest(post("https://attacker.example", "cross-site", method))).toBe(true);
  });
});

describe("assertSameOrigin", () => {
  it("throws forbidden for a foreign post and accepts one from the request's own origin", () => {
    const at = (origin: string) => new Request("http://127.0.0.1:3210/api/field/work-logs", { method: "POST", headers: { origin } });
    expect(() => assertSameOrigin(at("http://127.0.0.1:3999"))).toThrow(expect.objectContaining({ code: "forbidden", status: 403 }));
    expect(() => assertSameOrigin(at("http://127.0.0.1:3210"))).not.toThrow();
  });
});

describe("localAppOrigins", () => {
  it("names both local addresses on the port the server listens on, 3000 when PORT is unset or not a port", () => {
    expect(localAppOrigins("3377")).toEqual(["http://localhost:3377", "http://127.0.0.1:3377"]);
    expect(localAppOrigins(undefined)).toEqual(["http://localhost:3000", "http://127.0.0.1:3000"]);
    expect(localAppOrigins("evil.example")).toEqual(["http://localhost:3000", "http://127.0.0.1:3000"]);
  });
});
