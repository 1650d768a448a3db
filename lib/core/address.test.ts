import { describe, expect, it } from "vitest";
import { joinAddress } from "@/lib/core/address";

describe("joinAddress", () => {
  it("joins street, barangay and city with commas, leaving out empty parts", () => {
    expect(joinAddress("36 Purok 1", "Sabang", "Lipa")).toBe("36 Purok 1, Sabang, Lipa");
    expect(joinAddress("", "Sabang", null, " Lipa ")).toBe("Sabang, Lipa");
    expect(joinAddress(undefined, "", "  ")).toBe("");
  });

  it("does not repeat a barangay or city already typed into the street line, whatever its case or spacing", () => {
    expect(joinAddress("36 Purok 1, Sabang", "Sabang", "Lipa")).toBe("36 Purok 1, Sabang, Lipa");
    expect(joinAddress("12 Rizal St., brgy  san jose, Lipa", "Brgy San Jose", "LIPA")).toBe("12 Rizal St., brgy  san jose, Lipa");
    // A street merely containing the barangay's name is not a repetition.
    expect(joinAddress("Sabang Road 4", "Sabang", "Lipa")).toBe("Sabang Road 4, Sabang, Lipa");
  });
});
