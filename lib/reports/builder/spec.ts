/*
 * A report as saved and sent by the builder: names of whitelisted fields and operators, never SQL. This module
 * checks the shape only (zod); datasets.ts checks every name against the dataset's whitelist and the user's role.
 */
import { z } from "zod";
import { aggregations, chartTypes, filterOperators, reportDatasets } from "@/lib/reports/builder/values";

/** A field's key: letters and digits only, so nothing that looks like SQL survives even the shape check. */
const fieldName = z.string().trim().min(1, "Choose a field").max(64, "Unknown field");
const filterValue = z.union([z.string().max(200, "At most 200 characters"), z.number().finite()]);

export const reportFilterSchema = z.object({
  field: fieldName,
  op: z.enum(filterOperators, "Unknown filter"),
  value: filterValue.optional(),
  values: z.array(z.string().max(200)).max(50, "At most 50 values").optional(),
  from: filterValue.optional(),
  to: filterValue.optional(),
  days: z.int().min(1, "At least 1 day").max(3660, "At most 3660 days").optional(),
});

export const reportSpecSchema = z.object({
  dataset: z.enum(reportDatasets, "Choose a dataset"),
  columns: z.array(fieldName).max(30, "At most 30 columns").default([]),
  filters: z.array(reportFilterSchema).max(20, "At most 20 filters").default([]),
  groupBy: z.array(fieldName).max(3, "Group by at most 3 fields").default([]),
  aggregates: z
    .array(z.object({ fn: z.enum(aggregations, "Unknown total"), field: fieldName.nullable().default(null) }))
    .max(10, "At most 10 totals")
    .default([]),
  sort: z.object({ field: z.string().max(80), direction: z.enum(["asc", "desc"]) }).nullable().default(null),
  chart: z.enum(chartTypes).default("none"),
});

export type ReportFilter = z.output<typeof reportFilterSchema>;
export type ReportSpec = z.output<typeof reportSpecSchema>;
export type ReportSpecInput = z.input<typeof reportSpecSchema>;
