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

  it("keeps a data cap in bytes (1 GB = 10^9) with only the setting its action uses; blank is unlimited", () => {
    expect(planFieldsSchema.parse(base)).toMatchObject({ quotaBytes: null, quotaThrottleRate: null, quotaProfile: null });
    expect(planFieldsSchema.parse({ ...base, quotaGb: "100", quotaAction: "throttle", quotaThrottleRate: " 2M/2M ", quotaProfile: "old" })).toMatchObject({
      quotaBytes: 100_000_000_000,
      quotaDirection: "total",
      quotaAction: "throttle",
      quotaThrottleRate: "2M/2M",
      quotaProfile: null,
    });
    expect(planFieldsSchema.parse({ ...base, quotaGb: "0.5", quotaDirection: "download", quotaAction: "profile", quotaProfile: "fup-slow" })).toMatchObject({
      quotaBytes: 500_000_000,
      quotaDirection: "download",
      quotaProfile: "fup-slow",
      quotaThrottleRate: null,
    });
    // Without an allowance the action's settings are not asked for.
    expect(planFieldsSchema.parse({ ...base, quotaGb: "", quotaAction: "throttle", quotaThrottleRate: "" }).quotaBytes).toBeNull();
    expect(planFieldsSchema.parse({ ...base, quotaGb: "50", quotaAction: "block" })).toMatchObject({ quotaBytes: 50_000_000_000, quotaThrottleRate: null });
  });

  it.each([
    [{ quotaGb: "0" }, "quotaGb", "Above 0 GB, or blank for unlimited"],
    [{ quotaGb: "lots" }, "quotaGb", "Enter the allowance in GB, like 100"],
    [{ quotaGb: "100", quotaAction: "throttle", quotaThrottleRate: "" }, "quotaThrottleRate", "Say how fast subscribers go at the cap, like 2M/2M"],
    [
      { quotaGb: "100", quotaAction: "throttle", quotaThrottleRate: "2 Mbps" },
      "quotaThrottleRate",
      "Write it as the router does: upload/download, like 2M/2M or 512k/1M",
    ],
    [{ quotaGb: "100", quotaAction: "profile", quotaProfile: " " }, "quotaProfile", "Name the router profile subscribers move to"],
    [{ quotaGb: "100", quotaAction: "profile", quotaProfile: 'fup"slow' }, "quotaProfile", "No quotes or backslashes"],
    [{ quotaGb: "100", quotaAction: "shout" }, "quotaAction", "Choose what happens at the cap"],
  ])("refuses the data cap %o on %s", (change, field, message) => {
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
