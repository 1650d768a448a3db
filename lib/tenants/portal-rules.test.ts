import { describe, expect, it } from "vitest";
import {
  domainRecords,
  hostnameProblem,
  normalizeHostname,
  portalDomainFormSchema,
  slugCandidate,
  slugFromName,
  slugProblem,
  slugSchema,
} from "./portal-rules";

describe("ISP slugs", () => {
  it.each([
    ["Batangas Fiber Net", "batangas-fiber-net"],
    ["  Bayan Fiber, Inc. ", "bayan-fiber-inc"],
    ["Niño's Wi-Fi & Cable", "nino-s-wi-fi-cable"],
    ["PLDT--Home___Fibr", "pldt-home-fibr"],
    ["A1", "a1-isp"],
    ["Portal", "portal-isp"],
    ["API", "api-isp"],
    ["Bills", "bills-isp"],
    ["日本の回線", "isp"],
    ["", "isp"],
    ["The Very Long Name Of A Rural Cooperative Internet Service", "the-very-long-name-of-a-rural-cooperativ"],
    ["Forty Characters Exactly Ending In Dash - x", "forty-characters-exactly-ending-in-dash"],
  ])("%j becomes %j", (name, slug) => {
    expect(slugFromName(name)).toBe(slug);
    expect(slugProblem(slugFromName(name))).toBeNull();
  });

  it.each([
    ["bayan-fiber", null],
    ["abc", null],
    ["isp-2", null],
    ["a".repeat(40), null],
    ["ab", "Use at least 3 characters"],
    ["a".repeat(41), "Use at most 40 characters"],
    ["Bayan", "Use lowercase letters, digits and single dashes between them"],
    ["bayan fiber", "Use lowercase letters, digits and single dashes between them"],
    ["-bayan", "Use lowercase letters, digits and single dashes between them"],
    ["bayan-", "Use lowercase letters, digits and single dashes between them"],
    ["bayan--fiber", "Use lowercase letters, digits and single dashes between them"],
    ["bayan_fiber", "Use lowercase letters, digits and single dashes between them"],
    ["_next", "Use lowercase letters, digits and single dashes between them"],
    ["admin", '"admin" is reserved; choose another'],
    ["www", '"www" is reserved; choose another'],
    ["netsphere", '"netsphere" is reserved; choose another'],
    ["sign-in", '"sign-in" is reserved; choose another'],
    ["speed-test", '"speed-test" is reserved; choose another'],
  ])("%j: %s", (slug, problem) => {
    expect(slugProblem(slug)).toBe(problem);
  });

  it("numbers a taken slug -2, -3, … and keeps it within 40 characters", () => {
    expect(slugCandidate("bayan-fiber", 1)).toBe("bayan-fiber");
    expect(slugCandidate("bayan-fiber", 2)).toBe("bayan-fiber-2");
    expect(slugCandidate("bayan-fiber", 12)).toBe("bayan-fiber-12");
    const long = "the-very-long-name-of-a-rural-cooperativ";
    expect(slugCandidate(long, 3)).toBe("the-very-long-name-of-a-rural-cooperat-3");
    expect(slugCandidate("the-very-long-name-of-a-rural-cooperat-x", 3)).toBe("the-very-long-name-of-a-rural-cooperat-3");
    expect(slugCandidate("abcdefghij-abcdefghij-abcdefghij-abcdef-g", 10)).toBe("abcdefghij-abcdefghij-abcdefghij-abcd-10");
  });

  it("the form's schema trims and lowercases before judging", () => {
    expect(slugSchema.parse("  Bayan-Fiber ")).toBe("bayan-fiber");
    expect(slugSchema.safeParse("pay").success).toBe(false);
  });
});

describe("custom domains", () => {
  it.each([
    ["portal.bayanfiber.ph", "portal.bayanfiber.ph"],
    ["  Portal.BayanFiber.PH. ", "portal.bayanfiber.ph"],
    ["https://portal.bayanfiber.ph/", "portal.bayanfiber.ph"],
    ["bücher.example", "xn--bcher-kva.example"],
    ["portal.bayanfiber.ph:8080", null],
    ["portal.bayanfiber.ph/sign-in", null],
    ["user@portal.bayanfiber.ph", null],
    ["portal bayanfiber.ph", null],
    ["", null],
  ])("%j is stored as %j", (typed, stored) => {
    expect(normalizeHostname(typed)).toBe(stored);
  });

  const app = { appHost: "app.netsphere.ph" };
  it.each([
    ["portal.bayanfiber.ph", app, null],
    ["bayanfiber.com", app, null],
    ["xn--bcher-kva.example", app, null],
    ["localhost", app, "Enter a domain such as portal.yourisp.ph"],
    ["intranet", app, "Enter a domain such as portal.yourisp.ph"],
    ["203.0.113.7", app, "Enter a domain name, not an IP address"],
    ["portal.203", app, "Enter a domain name, not an IP address"],
    ["[2001:db8::1]", app, "Enter a domain name, not an IP address"],
    ["-bad.example.ph", app, "Enter a domain such as portal.yourisp.ph"],
    ["bad-.example.ph", app, "Enter a domain such as portal.yourisp.ph"],
    ["a..b.ph", app, "Enter a domain such as portal.yourisp.ph"],
    [`${"a".repeat(64)}.ph`, app, "Enter a domain such as portal.yourisp.ph"],
    [`${"a.".repeat(127)}ph`, app, "A domain has at most 253 characters"],
    ["app.netsphere.ph", app, "That is NetSphere's own address; use a domain of yours"],
    ["isp.app.netsphere.ph", app, "That is NetSphere's own address; use a domain of yours"],
    ["portal.bayanfiber.localhost", app, "Enter a domain on the internet, such as portal.yourisp.ph"],
    ["portal.bayanfiber.localhost", { appHost: "127.0.0.1" }, null],
    ["portal.bayanfiber.localhost", { appHost: "localhost" }, null],
    ["portal.bayanfiber.localhost", { appHost: null }, null],
  ])("%j (app on %j): %s", (hostname, settings, problem) => {
    expect(hostnameProblem(hostname, settings)).toBe(problem);
  });

  it("the form's schema accepts what the server will store and says what is wrong otherwise", () => {
    expect(portalDomainFormSchema.safeParse({ hostname: "https://portal.bayanfiber.ph/" }).success).toBe(true);
    const refused = portalDomainFormSchema.safeParse({ hostname: "portal.bayanfiber.ph:8080" });
    expect(refused.error?.issues[0].message).toBe("Enter a domain such as portal.yourisp.ph, without https:// or a path");
    expect(portalDomainFormSchema.safeParse({ hostname: "10.0.0.1" }).error?.issues[0].message).toBe("Enter a domain name, not an IP address");
  });

  it("asks for a TXT record under _netsphere and a CNAME to our host", () => {
    expect(domainRecords("portal.bayanfiber.ph", "abc123", "app.netsphere.ph")).toEqual({
      txtName: "_netsphere.portal.bayanfiber.ph",
      txtValue: "netsphere-verify=abc123",
      cnameName: "portal.bayanfiber.ph",
      cnameTarget: "app.netsphere.ph",
    });
  });
});
