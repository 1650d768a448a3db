/*
 * URL parameters of the finance pages and the CSV export, parsed once with zod. The export route and the
 * details page are strict (a bad parameter is a 422 / an error message with field errors); the dashboard
 * drops a bad parameter from a hand-edited URL instead of failing.
 */
import { z } from "zod";
import { paymentMethods } from "@/lib/billing/schema";
import { daysInclusive, isCalendarDate } from "@/lib/core/calendar";
import { withoutNul } from "@/lib/core/action";
import { agingBuckets, movementKinds } from "./kinds";

const blankToUndefined = (v: unknown) => (typeof v === "string" && v.trim() === "" ? undefined : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankToUndefined, schema.optional());

export const monthSchema = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, "Use a month like 2026-11");

export const dateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "Use a date like 2026-11-30")
  .refine((v) => {
    const [y, m, d] = v.split("-").map(Number);
    const date = new Date(Date.UTC(y, m - 1, d));
    return y >= 2000 && y <= 2100 && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }, "That date does not exist");

/** The longest tax period one report covers (two years, so a fiscal year fits with room). */
export const MAX_TAX_PERIOD_DAYS = 731;

export const pageSizes = [25, 50, 100] as const;
export type PageSize = (typeof pageSizes)[number];
export const DEFAULT_PAGE_SIZE: PageSize = 50;
const paging = {
  page: optional(z.coerce.number().int("Use a whole page number").min(1, "Pages start at 1").max(1_000_000)),
  size: optional(z.coerce.number().pipe(z.union([z.literal(25), z.literal(50), z.literal(100)], "Show 25, 50 or 100 rows"))),
};

const periodFields = { from: optional(dateSchema), to: optional(dateSchema) };
type Period = { from?: string; to?: string };
const checkPeriod = (p: Period, ctx: z.RefinementCtx) => {
  // zod runs this even when a field has failed its own format check: compare only two real days.
  if (!p.from || !p.to || !isCalendarDate(p.from) || !isCalendarDate(p.to)) return;
  if (p.to < p.from) ctx.addIssue({ code: "custom", path: ["to"], message: "The end date is before the start date" });
  else if (daysInclusive(p.from, p.to) > MAX_TAX_PERIOD_DAYS)
    ctx.addIssue({ code: "custom", path: ["to"], message: "Choose a period of at most two years" });
};

export const taxPeriodSchema = z.object(periodFields).superRefine(checkPeriod);

export const detailMetrics = ["mrr", "mrr_movement", "revenue", "collections", "outstanding", "overdue", "methods", "tax", "tax_credits"] as const;
export type DetailMetric = (typeof detailMetrics)[number];

/** `?metric=<name>&…` of /finance/details and /api/finance/export. */
export const detailParamsSchema = z.discriminatedUnion(
  "metric",
  [
    z.object({ metric: z.literal("mrr"), plan: optional(z.uuid("Unknown plan")), ...paging }),
    z.object({
      metric: z.literal("mrr_movement"),
      month: optional(monthSchema),
      kind: z.enum(movementKinds, "Choose new, reactivation, expansion, contraction or churn"),
      ...paging,
    }),
    z.object({ metric: z.literal("revenue"), month: optional(monthSchema), ...paging }),
    z.object({ metric: z.literal("collections"), month: optional(monthSchema), ...paging }),
    z.object({ metric: z.literal("outstanding"), bucket: optional(z.enum(agingBuckets, "Choose an aging bucket")), ...paging }),
    z.object({ metric: z.literal("overdue"), ...paging }),
    z.object({
      metric: z.literal("methods"),
      month: optional(monthSchema),
      method: optional(z.enum(paymentMethods, "Unknown payment method")),
      ...paging,
    }),
    z.object({ metric: z.literal("tax"), ...periodFields, ...paging }).superRefine(checkPeriod),
    z.object({ metric: z.literal("tax_credits"), ...periodFields, ...paging }).superRefine(checkPeriod),
  ],
  { error: `Choose what to list: ${detailMetrics.join(", ")}` },
);
export type DetailParams = z.output<typeof detailParamsSchema>;

/** Query-string values as one string each (the last when repeated), without NUL characters. */
export function flattenSearchParams(raw: Record<string, string | string[] | undefined>): Record<string, string | undefined> {
  return withoutNul(Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v[v.length - 1] : v])));
}

export const overdueSortKeys = ["days", "amount"] as const;
export type OverdueSort = (typeof overdueSortKeys)[number];

/** The dashboard's own parameters: the payment-method month and the overdue list's sort and page. */
export const dashboardParamsSchema = z.object({
  month: optional(monthSchema),
  sort: optional(z.enum(overdueSortKeys)),
  dir: optional(z.enum(["asc", "desc"])),
  ...paging,
});
export type DashboardParams = z.output<typeof dashboardParamsSchema>;

/** Keeps each valid parameter and drops the others. */
export function parseDashboardParams(raw: Record<string, string | string[] | undefined>): DashboardParams {
  const flat = flattenSearchParams(raw);
  const out: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(dashboardParamsSchema.shape)) {
    const one = (schema as z.ZodType).safeParse(flat[key]);
    if (one.success && one.data !== undefined) out[key] = one.data;
  }
  return out as DashboardParams;
}
