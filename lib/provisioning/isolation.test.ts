import { describe, expect, it } from "vitest";
import { isolationRules } from "@/lib/provisioning/isolation";

describe("isolation firewall helper", () => {
  it("uses the tenant's address list and sends web traffic to the payment page's IP", () => {
    const rules = isolationRules({ addressList: "isolir", portalHost: "203.0.113.10" });
    expect(rules).toContain("/ip firewall filter add chain=forward src-address-list=isolir action=drop");
    expect(rules).toContain("action=dst-nat to-addresses=203.0.113.10 to-ports=80");
    expect(rules).not.toContain("PAYMENT-PAGE-IP");
  });

  it("asks for the IP when the payment page is a host name", () => {
    const rules = isolationRules({ addressList: "netsphere-isolir", portalHost: "pay.example.ph" });
    expect(rules).toContain("address=pay.example.ph");
    expect(rules).toContain("Replace PAYMENT-PAGE-IP with the IP address pay.example.ph resolves to");
  });
});
