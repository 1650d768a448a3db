/*
 * The analytics pages' and exports' query parameters. Exports parse strictly (a bad value is a 422 with field
 * errors); pages parse leniently (`lenient`): a value they do not understand means "any" or the default, as a
 * stale or edited link should still show the page.
 */
import { z } from "zod";
import { isMonth, relativePeriods, type Period, type RelativePeriod } from "./periods";
import { talkerSorts } from "./values";

const month = z.string().refine(isMonth, "A month is YYYY-MM.");
/** An empty field of a GET form is "any". */
const optionalId = (message: string) => z.preprocess((v) => (v === "" ? undefined : v), z.uuid(message).optional());
const optionalMonth = z.preprocess((v) => (v === "" ? undefined : v), month.optional());

/** `today`, `7d`, `30d` or a month (`2026-11`), as one select offers them. */
const period = z
  .union([z.enum(relativePeriods), month], "Choose today, 7d, 30d or a month (YYYY-MM).")
  .default("30d")
  .transform((value): Period => (isMonth(value) ? { kind: "month", month: value } : { kind: value as RelativePeriod }));

export const topTalkersSchema = z.object({
  period,
  site: optionalId("Unknown site"),
  router: optionalId("Unknown router"),
  plan: optionalId("Unknown plan"),
  sort: z.enum(talkerSorts).default("total"),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});
export type TopTalkersParams = z.output<typeof topTalkersSchema>;

export const percentileSchema = z.object({
  month: optionalMonth,
  router: optionalId("Unknown router"),
});
export type PercentileParams = z.output<typeof percentileSchema>;

export const planUsageSchema = z.object({ month: optionalMonth });
export type PlanUsageParams = z.output<typeof planUsageSchema>;

export const throughputScopes = ["isp", "site", "router", "interface", "plan", "subscriber"] as const;
export const throughputRanges = ["24h", "7d", "30d"] as const;

export const throughputSchema = z.object({
  range: z.enum(throughputRanges).default("24h"),
  site: optionalId("Unknown site"),
  router: optionalId("Unknown router"),
  interface: z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().min(1).max(64).optional()),
  plan: optionalId("Unknown plan"),
  subscription: optionalId("Unknown subscription"),
});
export type ThroughputParams = z.output<typeof throughputSchema>;

export const heatmapSchema = z.object({
  router: optionalId("Unknown router"),
  interface: z.preprocess((v) => (v === "" ? undefined : v), z.string().trim().min(1).max(64).optional()),
  site: optionalId("Unknown site"),
});
export type HeatmapParams = z.output<typeof heatmapSchema>;

/**
 * Parses page parameters field by field: what a field cannot parse falls back to its default (or "any"), so an
 * edited URL never breaks the page.
 */
export function lenient<S extends z.ZodObject>(schema: S, params: Record<string, unknown>): z.output<S> {
  const values: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    const parsed = (field as z.ZodType).safeParse(params[key]);
    values[key] = parsed.success ? parsed.data : (field as z.ZodType).safeParse(undefined).data;
  }
  return values as z.output<S>;
}
