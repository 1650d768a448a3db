import { describe, expect, it } from "vitest";
import { formatKbps, planFieldsSchema, rateLimitOf } from "@/lib/plans/rules";

const base = { name: "Fiber 100", type: "pppoe", downloadMbps: "100", uploadMbps: "50", price: "1,699.50" };

describe("service plan rules", () => {
  it("turns Mbps and pesos from the form into kbps and centavos", () => {
    expect(planFieldsSchema.parse(base)).toMatchObject({
      downloadKbps: 100_000,
      uploadKbps: 50_000,
      priceCentavos: 169_950,
      burstDownloadKbps: null,
    });
    expect(planFieldsSchema.parse({ ...base, downloadMbps: "0.5" }).downloadKbps).toBe(500);
  });

  it.each([
    [{ price: "abc" }, "price", "Enter an amount like 1299.00"],
    [{ price: "-5" }, "price", "Enter an amount like 1299.00"],
    [{ downloadMbps: "0" }, "downloadMbps", "Download speed must be above 0"],
    [{ burstDownloadMbps: "150" }, "burstDownloadMbps", "Burst needs limit, threshold and time for both directions, or none of them"],
    [
      { burstDownloadMbps: "90", burstUploadMbps: "60", burstThresholdDownloadMbps: "80", burstThresholdUploadMbps: "40", burstTimeSeconds: "16" },
      "burstDownloadMbps",
      "Burst limit must be above the download speed",
    ],
  ])("rejects %o on %s", (change, field, message) => {
    const result = planFieldsSchema.safeParse({ ...base, ...change });
    expect(result.success).toBe(false);
    expect(result.error!.issues.find((i) => i.path[0] === field)?.message).toBe(message);
  });

  it("writes RouterOS rate-limits with upload first, as the router reads them", () => {
    const plan = planFieldsSchema.parse({
      ...base,
      burstDownloadMbps: "150",
      burstUploadMbps: "75",
      burstThresholdDownloadMbps: "80",
      burstThresholdUploadMbps: "40",
      burstTimeSeconds: "16",
    });
    expect(rateLimitOf(plan)).toBe("50M/100M 75M/150M 40M/80M 16/16");
    expect(rateLimitOf(planFieldsSchema.parse({ ...base, downloadMbps: "0.512", uploadMbps: "1000" }))).toBe("1G/512k");
    expect(formatKbps(2500)).toBe("2500k");
  });
});
