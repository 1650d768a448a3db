/**
 * The report builder's plain constants (no Drizzle, no zod), for client components; the schema, the dataset
 * whitelist and the rules build on them.
 */
export const reportDatasets = ["customers", "subscriptions", "invoices", "payments", "tickets", "usage", "incidents"] as const;
export type ReportDataset = (typeof reportDatasets)[number];

export const datasetLabels: Record<ReportDataset, string> = {
  customers: "Customers",
  subscriptions: "Subscriptions",
  invoices: "Invoices",
  payments: "Payments",
  tickets: "Tickets",
  usage: "Usage (analytics periods)",
  incidents: "Incidents",
};

/** What a field holds: decides its filters, whether it sums, and how a cell is written. */
export const fieldTypes = ["text", "enum", "number", "money", "bytes", "date", "timestamp", "boolean"] as const;
export type FieldType = (typeof fieldTypes)[number];

export const filterOperators = ["equals", "in", "contains", "between", "last_days", "this_month", "last_month", "is_true", "is_false"] as const;
export type FilterOperator = (typeof filterOperators)[number];

export const operatorLabels: Record<FilterOperator, string> = {
  equals: "is",
  in: "is one of",
  contains: "contains",
  between: "between",
  last_days: "in the last … days",
  this_month: "this month",
  last_month: "last month",
  is_true: "is yes",
  is_false: "is no",
};

/** The filters each type allows: text matches, enums pick, numbers and dates take ranges, dates also relative ones. */
export const operatorsByType: Record<FieldType, readonly FilterOperator[]> = {
  text: ["equals", "in", "contains"],
  enum: ["equals", "in"],
  number: ["equals", "between"],
  money: ["equals", "between"],
  bytes: ["between"],
  date: ["equals", "between", "last_days", "this_month", "last_month"],
  timestamp: ["between", "last_days", "this_month", "last_month"],
  boolean: ["is_true", "is_false"],
};

export const aggregations = ["count", "sum", "avg", "min", "max"] as const;
export type Aggregation = (typeof aggregations)[number];

export const aggregationLabels: Record<Aggregation, string> = { count: "Count", sum: "Sum", avg: "Average", min: "Lowest", max: "Highest" };

/** Aggregations each type allows (count counts rows, so it needs no field). */
export const aggregationsByType: Record<FieldType, readonly Aggregation[]> = {
  text: ["min", "max"],
  enum: [],
  number: ["sum", "avg", "min", "max"],
  money: ["sum", "avg", "min", "max"],
  bytes: ["sum", "avg", "min", "max"],
  date: ["min", "max"],
  timestamp: ["min", "max"],
  boolean: [],
};

export const chartTypes = ["none", "bar", "line"] as const;
export type ChartType = (typeof chartTypes)[number];

export const reportVisibilities = ["private", "shared"] as const;
export type ReportVisibility = (typeof reportVisibilities)[number];

export const scheduleFrequencies = ["daily", "weekly", "monthly"] as const;
export type ScheduleFrequency = (typeof scheduleFrequencies)[number];

export const exportFormats = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const reportRunStatuses = ["running", "sent", "failed"] as const;
export type ReportRunStatus = (typeof reportRunStatuses)[number];

/** Rows the preview shows; an export has no such limit (it streams). */
export const PREVIEW_ROWS = 100;
/** Rows a scheduled email may attach (a file mail servers still accept); larger reports are downloaded. */
export const SCHEDULED_MAX_ROWS = 50_000;

export const weekdayLabels = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;
