import { describe, expect, it } from "vitest";
import { buildSearchText, customerFieldsSchema, tinSchema, typedCustomerFieldsSchema } from "@/lib/customers/rules";
import { proposeUsername } from "@/lib/subscriptions/rules";
import { signUpSchema } from "@/lib/tenants/rules";

describe("customer rules", () => {
  it("makes phone numbers searchable with and without spaces, and usernames too", () => {
    const text = buildSearchText(
      { accountNumber: "ACC-000042", name: "Maria Santos", phone: "0917 555 1234", email: "Maria@Example.ph", city: "Lipa" },
      ["msantos"],
    );
    expect(text).toContain("09175551234");
    expect(text).toContain("0917 555 1234");
    expect(text).toContain("maria@example.ph");
    expect(text).toContain("msantos");
    expect(text).toContain("acc-000042");
  });

  it("normalises tags and rejects bad coordinates", () => {
    expect(customerFieldsSchema.parse({ name: "A", tags: ["VIP", "Fiber"] }).tags).toEqual(["vip", "fiber"]);
    expect(customerFieldsSchema.safeParse({ name: "A", longitude: "181" }).success).toBe(false);
    expect(customerFieldsSchema.parse({ name: "A", latitude: "" }).latitude).toBeNull();
    expect(customerFieldsSchema.parse({ name: "A", latitude: "14.0863", longitude: "121.1498" })).toMatchObject({
      latitude: 14.0863,
      longitude: 121.1498,
    });
  });

  it("refuses a typed latitude without its longitude, and the other way round", () => {
    const issues = (input: object) =>
      typedCustomerFieldsSchema.safeParse({ name: "A", ...input }).error?.issues.map((i) => [i.path.join("."), i.message]);
    expect(issues({ latitude: "14.08" })).toEqual([["longitude", "Enter both latitude and longitude, or neither"]]);
    expect(issues({ longitude: "121.1" })).toEqual([["latitude", "Enter both latitude and longitude, or neither"]]);
    expect(issues({ latitude: "north", longitude: "121.1" })?.[0][0]).toBe("latitude");
  });

  it("proposes the account number as username and suffixes clashes", () => {
    expect(proposeUsername("ACC-000042", () => false)).toBe("acc-000042");
    const taken = new Set(["acc-000042", "acc-000042-2"]);
    expect(proposeUsername("ACC-000042", (c) => taken.has(c))).toBe("acc-000042-3");
  });

  it("checks a Philippine TIN and a 10-character password at sign-up", () => {
    const ok = {
      name: "ISP",
      legalName: "ISP Inc.",
      address: "Lipa",
      tin: "123-456-789-000",
      contactName: "Ana",
      contactPhone: "0917 123 4567",
      email: "ana@example.ph",
      password: "longenough1",
    };
    expect(signUpSchema.safeParse(ok).success).toBe(true);
    expect(signUpSchema.safeParse({ ...ok, tin: "12-34" }).success).toBe(false);
    expect(signUpSchema.safeParse({ ...ok, password: "short" }).success).toBe(false);
  });
});

describe("TIN", () => {
  it.each([
    ["123456789", "123-456-789-000"],
    ["123-456-789-001", "123-456-789-001"],
    ["123 456 789 00012", "123-456-789-00012"],
    ["", ""],
  ])("keeps %s as %s", (typed, kept) => {
    expect(tinSchema.parse(typed)).toBe(kept);
  });

  it.each(["12345678", "ABC-456-789-000", "123-456-789-0", "123456789000000"])("refuses %s with the field's message", (typed) => {
    const result = customerFieldsSchema.safeParse({ name: "Ana", tin: typed });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join("."), i.message])).toEqual([["tin", "A TIN like 123-456-789-000"]]);
  });
});
