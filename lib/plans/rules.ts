import { z } from "zod";
import { billingCycles, planTypes } from "@/lib/plans/schema";

const optionalKbps = z
  .union([z.literal("").transform(() => null), z.null(), z.coerce.number().int("Whole numbers only").positive("Must be above 0").max(100_000_000)])
  .default(null);

export const planFieldsSchema = z
  .object({
    name: z.string().trim().min(1, "Name is required").max(80, "Name is too long"),
    type: z.enum(planTypes),
    downloadKbps: z.coerce.number().int("Whole numbers only").positive("Download speed must be above 0").max(100_000_000),
    uploadKbps: z.coerce.number().int("Whole numbers only").positive("Upload speed must be above 0").max(100_000_000),
    burstDownloadKbps: optionalKbps,
    burstUploadKbps: optionalKbps,
    burstThresholdDownloadKbps: optionalKbps,
    burstThresholdUploadKbps: optionalKbps,
    burstTimeSeconds: z
      .union([z.literal("").transform(() => null), z.null(), z.coerce.number().int().min(1, "At least 1 second").max(3600, "At most 3600 seconds")])
      .default(null),
    priceCentavos: z.coerce.number().int("Price must be whole centavos").min(0, "Price cannot be negative").max(100_000_000_00, "Price is too large"),
    taxInclusive: z.boolean().default(true),
    billingCycle: z.enum(billingCycles).default("monthly"),
    active: z.boolean().default(true),
  })
  .superRefine((p, ctx) => {
    const burstFields = [p.burstDownloadKbps, p.burstUploadKbps, p.burstThresholdDownloadKbps, p.burstThresholdUploadKbps, p.burstTimeSeconds];
    const set = burstFields.filter((v) => v !== null).length;
    if (set > 0 && set < burstFields.length) {
      ctx.addIssue({
        code: "custom",
        path: ["burstDownloadKbps"],
        message: "Burst needs limit, threshold and time for both directions, or none of them",
      });
      return;
    }
    if (set === 0) return;
    if (p.burstDownloadKbps! <= p.downloadKbps)
      ctx.addIssue({ code: "custom", path: ["burstDownloadKbps"], message: "Burst limit must be above the download speed" });
    if (p.burstUploadKbps! <= p.uploadKbps)
      ctx.addIssue({ code: "custom", path: ["burstUploadKbps"], message: "Burst limit must be above the upload speed" });
    if (p.burstThresholdDownloadKbps! > p.downloadKbps)
      ctx.addIssue({ code: "custom", path: ["burstThresholdDownloadKbps"], message: "Threshold must not exceed the download speed" });
    if (p.burstThresholdUploadKbps! > p.uploadKbps)
      ctx.addIssue({ code: "custom", path: ["burstThresholdUploadKbps"], message: "Threshold must not exceed the upload speed" });
  });
export type PlanFields = z.infer<typeof planFieldsSchema>;

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
