import { describe, expect, it } from "vitest";
import { portalUrls } from "./addresses";

const tenantId = "7d9f2a4e-1111-4222-8333-944445555666";

describe("the portal addresses we give subscribers", () => {
  it("use the ISP's verified custom domain, served as the app is (scheme and port)", () => {
    expect(portalUrls("https://app.netsphere.ph", { tenantId, slug: "bayan-fiber", domain: "portal.bayanfiber.ph" })).toEqual({
      home: "https://portal.bayanfiber.ph/",
      signIn: "https://portal.bayanfiber.ph/sign-in",
      pagesBase: "https://portal.bayanfiber.ph",
    });
    expect(portalUrls("http://127.0.0.1:3420/", { tenantId, slug: "bayan-fiber", domain: "portal.bayanfiber.localhost" }).signIn).toBe(
      "http://portal.bayanfiber.localhost:3420/sign-in",
    );
  });

  it("else our address by the ISP's slug", () => {
    expect(portalUrls("https://app.netsphere.ph/", { tenantId, slug: "bayan-fiber", domain: null })).toEqual({
      home: "https://app.netsphere.ph/portal",
      signIn: "https://app.netsphere.ph/portal/bayan-fiber/sign-in",
      pagesBase: "https://app.netsphere.ph/portal",
    });
  });

  it("an ISP without a slug keeps the address by its id", () => {
    expect(portalUrls("https://app.netsphere.ph", { tenantId, slug: null, domain: null }).signIn).toBe(
      `https://app.netsphere.ph/portal/sign-in?isp=${tenantId}`,
    );
  });
});
