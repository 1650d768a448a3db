import { describe, expect, it } from "vitest";
import { apiBaseUrlProblem, normalizeBaseUrl } from "@/lib/core/urls";

describe("API base URL overrides", () => {
  it.each([
    ["https://api-m.sandbox.paypal.com", null],
    ["https://api.stripe.com", null],
    ["http://127.0.0.1:4010", null],
    ["http://localhost:4010", null],
    ["http://[::1]:4010", null],
    ["http://api.stripe.com", "Use https:// (plain http:// only for 127.0.0.1 or localhost)"],
    ["http://127.0.0.2:4010", "Use https:// (plain http:// only for 127.0.0.1 or localhost)"],
    ["ftp://127.0.0.1", "Use an https:// URL"],
    ["api.stripe.com", "Enter a full URL, e.g. https://api.example.com"],
    ["https://key:secret@api.stripe.com", "Leave user names and passwords out of the URL"],
    ["https://api.stripe.com/?x=1", "Leave out the ? query and # fragment"],
  ])("%s → %s", (url, problem) => {
    expect(apiBaseUrlProblem(url)).toBe(problem);
  });

  it("a host-only override refuses a path; the example shown is the caller's", () => {
    expect(apiBaseUrlProblem("https://proxy.example.com/paypal", { hostOnly: false })).toBeNull();
    expect(apiBaseUrlProblem("https://proxy.example.com/stripe", { hostOnly: true, example: "https://api.stripe.com" })).toBe(
      "Give only the scheme, host and port, e.g. https://api.stripe.com",
    );
    expect(apiBaseUrlProblem("api-m.paypal.com", { example: "https://api-m.sandbox.paypal.com" })).toBe(
      "Enter a full URL, e.g. https://api-m.sandbox.paypal.com",
    );
  });

  it("is stored without trailing slashes, so paths can be appended", () => {
    expect(normalizeBaseUrl("https://api.example.com/v4//")).toBe("https://api.example.com/v4");
    expect(normalizeBaseUrl("http://127.0.0.1:4010")).toBe("http://127.0.0.1:4010");
  });
});
