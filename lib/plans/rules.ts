import { z } from "zod";
import { billingCycles, planTypes } from "@/lib/plans/values";
import { parseMoneyToCentavos } from "@/lib/core/money";
import { quotaActions, quotaDirections } from "@/lib/quotas/values";
import { GB, THROTTLE_RATE_PATTERN } from "@/lib/quotas/rules";

/** Staff type speeds in Mbps (decimals allowed: 0.5 = 512k); we store kbps. */
const mbps = (label: string) =>
  z.coerce
    .number({ message: `${label} must be a number` })
    .positive(`${label} must be above 0`)
    .max(100_000, `${label} is too high`)
    .transform((v) => Math.round(v * 1000));
const optionalMbps = (label: string) => z.union([z.literal("").transform(() => null), z.null(), mbps(label)]).default(null);

const pesos = z.union([z.string(), z.number()]).transform((value, ctx) => {
  const centavos = parseMoneyToCentavos(String(value));
  if (centavos === null) {
    ctx.addIssue({ code: "custom", message: "Enter an amount like 1299.00" });
    return z.NEVER;
  }
  return centavos;
});

/** One schema for the plan form and the server: speeds in Mbps and price in pesos in, kbps and centavos out. */
export const planFieldsSchema = z
  .object({
    name: z.string().trim().min(1, "Name is required").max(80, "Name is too long"),
    type: z.enum(planTypes),
    downloadMbps: mbps("Download speed"),
    uploadMbps: mbps("Upload speed"),
    burstDownloadMbps: optionalMbps("Burst download"),
    burstUploadMbps: optionalMbps("Burst upload"),
    burstThresholdDownloadMbps: optionalMbps("Threshold download"),
    burstThresholdUploadMbps: optionalMbps("Threshold upload"),
    burstTimeSeconds: z
      .union([
        z.literal("").transform(() => null),
        z.null(),
        z.coerce.number().int("Whole seconds").min(1, "At least 1 second").max(3600, "At most 3600 seconds"),
      ])
      .default(null),
    price: pesos,
    taxInclusive: z.boolean().default(true),
    /** "" = the ISP's VAT rate; otherwise one of its tax classes (checked against the tenant on save). */
    taxClassId: z.union([z.literal(""), z.uuid("Choose one of your tax classes")]).default(""),
    billingCycle: z.enum(billingCycles).default("monthly"),
    active: z.boolean().default(true),
    /** Data cap per billing cycle in decimal GB; blank = unlimited. */
    quotaGb: z.preprocess(
      (value) => (value === undefined || (typeof value === "string" && value.trim() === "") ? null : value),
      z.coerce
        .number({ message: "Enter the allowance in GB, like 100" })
        .positive("Above 0 GB, or blank for unlimited")
        .max(100_000, "At most 100,000 GB")
        .nullable(),
    ),
    quotaDirection: z.enum(quotaDirections, "Choose what counts").default("total"),
    quotaAction: z.enum(quotaActions, "Choose what happens at the cap").default("throttle"),
    quotaThrottleRate: z.string().trim().max(40, "At most 40 characters").default(""),
    quotaProfile: z
      .string()
      .trim()
      .max(64, "At most 64 characters")
      .regex(/^[^\u0000-\u001f"\\]*$/, "No quotes or backslashes")
      .default(""),
  })
  .superRefine((p, ctx) => {
    if (p.quotaGb !== null && p.quotaAction === "throttle") {
      if (!p.quotaThrottleRate) ctx.addIssue({ code: "custom", path: ["quotaThrottleRate"], message: "Say how fast subscribers go at the cap, like 2M/2M" });
      else if (!THROTTLE_RATE_PATTERN.test(p.quotaThrottleRate))
        ctx.addIssue({ code: "custom", path: ["quotaThrottleRate"], message: "Write it as the router does: upload/download, like 2M/2M or 512k/1M" });
    }
    if (p.quotaGb !== null && p.quotaAction === "profile" && !p.quotaProfile)
      ctx.addIssue({ code: "custom", path: ["quotaProfile"], message: "Name the router profile subscribers move to" });
    const burstFields = [p.burstDownloadMbps, p.burstUploadMbps, p.burstThresholdDownloadMbps, p.burstThresholdUploadMbps, p.burstTimeSeconds];
    const set = burstFields.filter((v) => v !== null).length;
    if (set > 0 && set < burstFields.length) {
      ctx.addIssue({
        code: "custom",
        path: ["burstDownloadMbps"],
        message: "Burst needs limit, threshold and time for both directions, or none of them",
      });
      return;
    }
    if (set === 0) return;
    if (p.burstDownloadMbps! <= p.downloadMbps)
      ctx.addIssue({ code: "custom", path: ["burstDownloadMbps"], message: "Burst limit must be above the download speed" });
    if (p.burstUploadMbps! <= p.uploadMbps)
      ctx.addIssue({ code: "custom", path: ["burstUploadMbps"], message: "Burst limit must be above the upload speed" });
    if (p.burstThresholdDownloadMbps! > p.downloadMbps)
      ctx.addIssue({ code: "custom", path: ["burstThresholdDownloadMbps"], message: "Threshold must not exceed the download speed" });
    if (p.burstThresholdUploadMbps! > p.uploadMbps)
      ctx.addIssue({ code: "custom", path: ["burstThresholdUploadMbps"], message: "Threshold must not exceed the upload speed" });
  })
  .transform((p) => ({
    name: p.name,
    type: p.type,
    downloadKbps: p.downloadMbps,
    uploadKbps: p.uploadMbps,
    burstDownloadKbps: p.burstDownloadMbps,
    burstUploadKbps: p.burstUploadMbps,
    burstThresholdDownloadKbps: p.burstThresholdDownloadMbps,
    burstThresholdUploadKbps: p.burstThresholdUploadMbps,
    burstTimeSeconds: p.burstTimeSeconds,
    priceCentavos: p.price,
    taxInclusive: p.taxInclusive,
    taxClassId: p.taxClassId || null,
    billingCycle: p.billingCycle,
    active: p.active,
    quotaBytes: p.quotaGb === null ? null : Math.round(p.quotaGb * GB),
    quotaDirection: p.quotaDirection,
    quotaAction: p.quotaAction,
    // Only the setting the chosen action uses is kept, so a plan never carries a stale rate or profile.
    quotaThrottleRate: p.quotaGb !== null && p.quotaAction === "throttle" ? p.quotaThrottleRate : null,
    quotaProfile: p.quotaGb !== null && p.quotaAction === "profile" ? p.quotaProfile : null,
  }));
export type PlanFormValues = z.input<typeof planFieldsSchema>;
export type PlanFields = z.output<typeof planFieldsSchema>;

/** "10M" / "512k": speeds as staff and RouterOS write them. */
export function formatKbps(kbps: number): string {
  if (kbps % 1000 === 0) return kbps % 1_000_000 === 0 ? `${kbps / 1_000_000}G` : `${kbps / 1000}M`;
  return `${kbps}k`;
}

/** RouterOS PPP profile rate-limit: rx/tx [burst-rx/tx threshold-rx/tx time-rx/tx]; rx is the subscriber's upload. */
export function rateLimitOf(
  p: Pick<
    PlanFields,
    | "downloadKbps"
    | "uploadKbps"
    | "burstDownloadKbps"
    | "burstUploadKbps"
    | "burstThresholdDownloadKbps"
    | "burstThresholdUploadKbps"
    | "burstTimeSeconds"
  >,
): string {
  const base = `${formatKbps(p.uploadKbps)}/${formatKbps(p.downloadKbps)}`;
  if (
    p.burstDownloadKbps == null ||
    p.burstUploadKbps == null ||
    p.burstThresholdDownloadKbps == null ||
    p.burstThresholdUploadKbps == null ||
    p.burstTimeSeconds == null
  )
    return base;
  return `${base} ${formatKbps(p.burstUploadKbps)}/${formatKbps(p.burstDownloadKbps)} ${formatKbps(p.burstThresholdUploadKbps)}/${formatKbps(p.burstThresholdDownloadKbps)} ${p.burstTimeSeconds}/${p.burstTimeSeconds}`;
}
