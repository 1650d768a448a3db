import { describe, expect, it } from "vitest";
import { describeAuditAction, describeChanges, fieldLabel } from "@/lib/audit/describe";

describe("audit wording", () => {
  it("names fields in staff words, never as code keys", () => {
    expect(fieldLabel("accountNumber")).toBe("Account number");
    expect(fieldLabel("altPhone")).toBe("Alternate phone");
    expect(fieldLabel("someNewField")).toBe("Some new field");
    expect(fieldLabel("last_seen_at")).toBe("Last seen at");
  });

  it("lists a creation's filled fields only, and a change as before → after", () => {
    expect(describeChanges(null, { accountNumber: "ACC-000042", altPhone: "", tags: [], name: "Ana Cruz" })).toEqual([
      "Account number: ACC-000042",
      "Name: Ana Cruz",
    ]);
    expect(describeChanges({ status: "active", altPhone: null, updatedAt: 1 }, { status: "suspended", altPhone: "0917 000 0000", updatedAt: 2 })).toEqual([
      "Status: active → suspended",
      "Alternate phone: — → 0917 000 0000",
    ]);
    expect(describeChanges({ autoSuspend: true }, { autoSuspend: false })).toEqual(["Auto suspend: yes → no"]);
  });

  it("describes known actions and falls back to the code for unknown ones", () => {
    expect(describeAuditAction("payment.recorded")).toBe("Payment received");
    expect(describeAuditAction("something.new")).toBe("something.new");
  });
});
