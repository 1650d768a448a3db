import { describe, expect, it } from "vitest";
import { budgetOf, PHONE_BUDGET, routeOf, STAFF_BUDGET, verdictOf } from "@/tests/budget/first-load";

describe("first-load budget", () => {
  it("names a page by its URL, without route groups", () => {
    expect(routeOf("/portal/(public)/sign-in/page")).toBe("/portal/sign-in");
    expect(routeOf("/(app)/field/tickets/[ticketId]/page")).toBe("/field/tickets/[ticketId]");
    expect(routeOf("/page")).toBe("/");
  });

  it("holds pages subscribers and technicians open on phones to the smaller budget", () => {
    for (const route of ["/portal", "/portal/sign-in", "/field", "/field/tickets/[ticketId]", "/pay/[token]", "/suspended"])
      expect(budgetOf(route)).toBe(PHONE_BUDGET);
    for (const route of ["/customers", "/dashboard", "/portals", "/fielders"]) expect(budgetOf(route)).toBe(STAFF_BUDGET);
  });

  it("passes a page at its goal, holds one above it to its ceiling, and fails one with neither", () => {
    expect(verdictOf(150_000, 160_000, undefined)).toBe("meets goal");
    expect(verdictOf(190_000, 160_000, 200_000)).toBe("under ceiling");
    expect(verdictOf(201_000, 160_000, 200_000)).toBe("OVER CEILING");
    expect(verdictOf(170_000, 160_000, undefined)).toBe("OVER GOAL");
  });
});
