import { describe, expect, it } from "vitest";
import { addRouterHref, isRouterHost, openStreetMapUrl, routerFieldsSchema, routerPrefillOf } from "@/lib/routers/rules";

const valid = { name: "Lipa-CCR1", host: "10.0.0.1", apiPort: "8728", username: "api", password: "x" };
const errorsOf = (input: Record<string, unknown>) => {
  const parsed = routerFieldsSchema.safeParse({ ...valid, ...input });
  return parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message]));
};

describe("router form rules", () => {
  it.each([
    ["10.0.0.1", true],
    ["router-1.lipa.example.ph", true],
    ["fe80::1", true],
    ["10.0.0.256", false],
    ["http://10.0.0.1", false],
    ["10.0.0.1:8728", false],
    ["-bad.example", false],
    ["under_score.example", false],
  ])("host %s is %s", (host, ok) => {
    expect(isRouterHost(host)).toBe(ok);
  });

  it("defaults to the binary API with REST on 443 and no coordinates", () => {
    expect(routerFieldsSchema.parse(valid)).toMatchObject({
      transport: "api",
      apiPort: 8728,
      restPort: 443,
      latitude: null,
      longitude: null,
      siteId: null,
    });
  });

  it("takes REST with its port and coordinates typed as text", () => {
    expect(routerFieldsSchema.parse({ ...valid, transport: "rest", restPort: "8443", latitude: "13.9411", longitude: "121.1631" })).toMatchObject({
      transport: "rest",
      restPort: 8443,
      latitude: 13.9411,
      longitude: 121.1631,
    });
  });

  it("explains each bad field", () => {
    expect(errorsOf({ host: "" })).toEqual({ host: "Host is required" });
    expect(errorsOf({ host: "http://x" })).toEqual({ host: "Enter an IPv4 address or a hostname, without http:// or a port" });
    expect(errorsOf({ apiPort: "0" })).toEqual({ apiPort: "API port must be 1–65535" });
    expect(errorsOf({ restPort: "70000" })).toEqual({ restPort: "REST port must be 1–65535" });
    expect(errorsOf({ transport: "ssh" })).toEqual({ transport: "Choose the binary API or REST" });
    expect(errorsOf({ latitude: "91", longitude: "121" })).toEqual({ latitude: "Latitude must be between -90 and 90" });
    expect(errorsOf({ latitude: "14", longitude: "-181" })).toEqual({ longitude: "Longitude must be between -180 and 180" });
    expect(errorsOf({ latitude: "north", longitude: "121" })).toEqual({ latitude: "Latitude must be a number" });
    expect(errorsOf({ latitude: "14" })).toEqual({ longitude: "Enter both latitude and longitude, or neither" });
  });

  it("links coordinates to OpenStreetMap", () => {
    expect(openStreetMapUrl(13.9411, 121.1631)).toBe("https://www.openstreetmap.org/?mlat=13.941100&mlon=121.163100#map=17/13.941100/121.163100");
  });

  it("turns an unknown neighbour into an add-router link whose name and host fill the form", () => {
    const href = addRouterHref({ name: "SW-Core Unmanaged", host: "10.254.0.2" });
    expect(href).toBe("/routers?name=SW-Core+Unmanaged&host=10.254.0.2#add-router");
    const params = Object.fromEntries(new URL(href, "http://app.test").searchParams);
    expect(routerPrefillOf(params)).toEqual({ name: "SW-Core Unmanaged", host: "10.254.0.2" });
    expect(addRouterHref({ name: "", host: "fe80::1" })).toBe("/routers?host=fe80%3A%3A1#add-router");
    expect(addRouterHref({ name: "", host: "" })).toBe("/routers#add-router");
  });

  it.each([
    ["nothing asked", {}, { name: "", host: "" }],
    ["trimmed", { name: "  Lipa-CCR4 ", host: " 10.0.0.4 " }, { name: "Lipa-CCR4", host: "10.0.0.4" }],
    ["a name capped at the form's 80 characters", { name: "x".repeat(300), host: "10.0.0.4" }, { name: "x".repeat(80), host: "10.0.0.4" }],
    ["control characters dropped", { name: "Tower\u0000\n-1\u001b", host: "10.0.0.4" }, { name: "Tower-1", host: "10.0.0.4" }],
    ["a host the form refuses left empty", { name: "R", host: "http://10.0.0.4:8728/" }, { name: "R", host: "" }],
    ["a host with a port left empty", { name: "R", host: "10.0.0.4:8728" }, { name: "R", host: "" }],
    ["an IPv6 link-local address with a zone left empty", { name: "R", host: "fe80::1%ether1" }, { name: "R", host: "" }],
    ["a host too long left empty", { name: "R", host: `${"a".repeat(60)}.`.repeat(5) + "ph" }, { name: "R", host: "" }],
    ["repeated parameters ignored", { name: ["A", "B"], host: ["10.0.0.1", "10.0.0.2"] }, { name: "", host: "" }],
    ["a hostname kept", { name: "R", host: "ccr4.lipa.example.ph" }, { name: "R", host: "ccr4.lipa.example.ph" }],
  ])("prefills the add form: %s", (_, params, expected) => {
    expect(routerPrefillOf(params)).toEqual(expected);
  });
});
