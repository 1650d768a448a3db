/*
 * From a report spec to SQL: every field, filter, grouping, total and sort is looked up in the dataset's whitelist
 * (datasets.ts); a name that is not there, or a field the role may not see, is a field error naming where it is.
 * Values reach SQL only as bound parameters. Pure apart from the clock it is handed.
 */
import "server-only";
import { sql, type SQL } from "drizzle-orm";
import { can } from "@/lib/auth/permissions";
import type { StaffRole } from "@/lib/auth/values";
import { AppError, type FieldErrors } from "@/lib/core/errors";
import { addDays, addMonths, firstDayOf, isCalendarDate, monthOf, todayIn } from "@/lib/core/calendar";
import { zonedInstant } from "@/lib/core/time-zones";
import { datasetFor, type FieldDef } from "@/lib/reports/builder/datasets";
import type { ReportFilter, ReportSpec } from "@/lib/reports/builder/spec";
import { aggregationLabels, aggregationsByType, operatorsByType, type Aggregation, type FieldType } from "@/lib/reports/builder/values";

/** Who runs the report and when: the tenant and role come from the session (or the schedule's owner), never the spec. */
export type ReportActor = { tenantId: string; role: StaffRole; timeZone: string; now: Date };

export type OutputColumn = { key: string; label: string; type: FieldType; aggregate?: Aggregation };

export type CompiledReport = {
  columns: OutputColumn[];
  /** The rows' query without LIMIT; `c0`, `c1`… in the order of `columns`. */
  rows: (page?: { limit: number; offset: number }) => SQL;
  /** One row of the totals (same aliases as the aggregate columns), or null when the report asks for none. */
  totals: SQL | null;
  /** The totals' columns (`t0`, `t1`… in this order). */
  totalColumns: OutputColumn[];
  /** How many rows the report has. */
  count: SQL;
  grouped: boolean;
};

const refused = "Not available to your role";

/** What a cell holds in the output: dates and times as text in the ISP's zone, everything else as it is. */
function present(type: FieldType, expr: SQL, timeZone: string): SQL {
  if (type === "timestamp") return sql`to_char(${expr} at time zone ${timeZone}, 'YYYY-MM-DD HH24:MI')`;
  if (type === "date") return sql`to_char(${expr}, 'YYYY-MM-DD')`;
  return expr;
}

/** A timestamp field groups by its day in the ISP's zone; other fields by their value. */
const groupExpr = (field: FieldDef, timeZone: string): SQL =>
  field.type === "timestamp" ? sql`to_char(${field.sql} at time zone ${timeZone}, 'YYYY-MM-DD')` : present(field.type, field.sql, timeZone);

const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** A filter value of a field's type as a bound parameter; money filters are in the currency's main unit. */
function typedValue(field: FieldDef, raw: unknown): string | number | null {
  if (raw === undefined || raw === null || raw === "") return null;
  if (field.type === "number" || field.type === "money" || field.type === "bytes") {
    const n = typeof raw === "number" ? raw : Number(String(raw).trim());
    if (!Number.isFinite(n)) return null;
    return field.type === "money" ? Math.round(n * 100) : n;
  }
  if (field.type === "date" || field.type === "timestamp") return typeof raw === "string" && isCalendarDate(raw) ? raw : null;
  return String(raw);
}

type Range = { from: SQL | null; to: SQL | null };

/** A calendar range [first, last] as the field's bounds: dates compare as dates, timestamps from the ISP's midnights. */
function dayRange(field: FieldDef, first: string | null, last: string | null, timeZone: string): Range {
  if (field.type === "date") return { from: first ? sql`${first}::date` : null, to: last ? sql`${last}::date` : null };
  const start = (date: string) => new Date(zonedInstant(date, 0, timeZone)).toISOString();
  return { from: first ? sql`${start(first)}::timestamptz` : null, to: last ? sql`${start(addDays(last, 1))}::timestamptz` : null };
}

function rangeCondition(field: FieldDef, range: Range): SQL {
  const parts: SQL[] = [];
  if (range.from) parts.push(sql`${field.sql} >= ${range.from}`);
  // A timestamp's upper bound is the next day's midnight, so it is exclusive; a date's is the last day itself.
  if (range.to) parts.push(field.type === "timestamp" ? sql`${field.sql} < ${range.to}` : sql`${field.sql} <= ${range.to}`);
  return sql.join(parts, sql` and `);
}

function filterCondition(field: FieldDef, filter: ReportFilter, actor: ReportActor, errors: FieldErrors, path: string): SQL | null {
  const fail = (key: string, message: string) => {
    (errors[`${path}.${key}`] ??= []).push(message);
    return null;
  };
  if (!operatorsByType[field.type].includes(filter.op)) return fail("op", `“${field.label}” cannot be filtered that way`);
  const today = todayIn(actor.timeZone, actor.now);
  switch (filter.op) {
    case "equals": {
      const value = typedValue(field, filter.value);
      if (value === null) return fail("value", "Enter a value");
      if (field.options && !field.options.includes(String(value))) return fail("value", "Choose one of the listed values");
      return field.type === "text" ? sql`lower(${field.sql}) = lower(${value})` : sql`${field.sql} = ${value}`;
    }
    case "in": {
      const values = (filter.values ?? []).map((v) => String(v));
      if (values.length === 0) return fail("values", "Choose at least one value");
      if (field.options && values.some((v) => !field.options!.includes(v))) return fail("values", "Choose among the listed values");
      return sql`${field.sql} in (${sql.join(values.map((v) => sql`${v}`), sql`, `)})`;
    }
    case "contains": {
      const value = typedValue(field, filter.value);
      if (value === null) return fail("value", "Enter some text");
      return sql`${field.sql} ilike ${`%${escapeLike(String(value))}%`}`;
    }
    case "between": {
      const from = typedValue(field, filter.from);
      const to = typedValue(field, filter.to);
      if (from === null && to === null) return fail("from", "Enter a start, an end or both");
      if (field.type === "date" || field.type === "timestamp") {
        return rangeCondition(field, dayRange(field, from === null ? null : String(from), to === null ? null : String(to), actor.timeZone));
      }
      return rangeCondition({ ...field, type: "number" }, { from: from === null ? null : sql`${from}`, to: to === null ? null : sql`${to}` });
    }
    case "last_days": {
      if (!filter.days) return fail("days", "Enter a number of days");
      if (field.type === "timestamp") {
        const since = new Date(actor.now.getTime() - filter.days * 86_400_000).toISOString();
        return sql`${field.sql} >= ${since}::timestamptz`;
      }
      return rangeCondition(field, dayRange(field, addDays(today, 1 - filter.days), today, actor.timeZone));
    }
    case "this_month":
    case "last_month": {
      const month = filter.op === "this_month" ? monthOf(today) : addMonths(monthOf(today), -1);
      return rangeCondition(field, dayRange(field, firstDayOf(month), addDays(firstDayOf(addMonths(month, 1)), -1), actor.timeZone));
    }
    case "is_true":
      return sql`${field.sql} is true`;
    case "is_false":
      return sql`${field.sql} is not true`;
  }
}

function aggregateExpr(fn: Aggregation, field: FieldDef | null, timeZone: string): SQL {
  if (fn === "count" || !field) return sql`count(*)::bigint`;
  const inner = { sum: sql`sum(${field.sql})`, avg: sql`round(avg(${field.sql}), 2)`, min: sql`min(${field.sql})`, max: sql`max(${field.sql})` }[fn];
  return fn === "min" || fn === "max" ? present(field.type, inner, timeZone) : inner;
}

/** Checks the spec against the whitelist and the role, and builds its SQL; throws one AppError listing every problem. */
export function compileReport(spec: ReportSpec, actor: ReportActor): CompiledReport {
  const dataset = datasetFor(spec.dataset, actor.tenantId);
  if (!can(actor.role, dataset.permission)) {
    throw new AppError("forbidden", "Your role may not report on this dataset.", { fieldErrors: { dataset: [refused] } });
  }
  const errors: FieldErrors = {};
  let forbiddenField = false;
  const lookup = (key: string | null | undefined, path: string): FieldDef | null => {
    const field = key && Object.hasOwn(dataset.fields, key) ? dataset.fields[key] : null;
    if (!field) {
      (errors[path] ??= []).push("Unknown field");
      return null;
    }
    if (field.permission && !can(actor.role, field.permission)) {
      forbiddenField = true;
      (errors[path] ??= []).push(refused);
      return null;
    }
    return field;
  };

  const grouped = spec.groupBy.length > 0;
  const columns: OutputColumn[] = [];
  const selects: SQL[] = [];
  const groups: SQL[] = [];
  const add = (column: OutputColumn, expr: SQL) => {
    selects.push(sql`${expr} as ${sql.identifier(`c${columns.length}`)}`);
    columns.push(column);
  };

  if (grouped) {
    spec.groupBy.forEach((key, i) => {
      const field = lookup(key, `groupBy.${i}`);
      if (!field) return;
      const expr = groupExpr(field, actor.timeZone);
      groups.push(expr);
      add({ key, label: field.label, type: field.type === "timestamp" ? "date" : field.type }, expr);
    });
  } else {
    const keys = spec.columns.length > 0 ? spec.columns : dataset.defaultColumns.filter((k) => !dataset.fields[k].permission || can(actor.role, dataset.fields[k].permission!));
    keys.forEach((key, i) => {
      const field = lookup(key, `columns.${i}`);
      if (field) add({ key, label: field.label, type: field.type }, present(field.type, field.sql, actor.timeZone));
    });
  }

  const aggregateColumns: { column: OutputColumn; expr: SQL }[] = [];
  spec.aggregates.forEach((aggregate, i) => {
    const field = aggregate.fn === "count" ? null : lookup(aggregate.field, `aggregates.${i}.field`);
    if (aggregate.fn !== "count" && !field) return;
    if (field && !aggregationsByType[field.type].includes(aggregate.fn)) {
      (errors[`aggregates.${i}.fn`] ??= []).push(`“${field.label}” has no ${aggregationLabels[aggregate.fn].toLowerCase()}`);
      return;
    }
    const key = field ? `${aggregate.fn}_${aggregate.field}` : "count";
    const label = field ? `${aggregationLabels[aggregate.fn]} of ${field.label.toLowerCase()}` : "Count";
    const type: FieldType = !field ? "number" : aggregate.fn === "avg" && field.type === "number" ? "number" : field.type;
    aggregateColumns.push({ column: { key, label, type, aggregate: aggregate.fn }, expr: aggregateExpr(aggregate.fn, field, actor.timeZone) });
  });
  if (grouped) for (const { column, expr } of aggregateColumns) add(column, expr);

  const conditions: SQL[] = [];
  spec.filters.forEach((filter, i) => {
    const field = lookup(filter.field, `filters.${i}.field`);
    if (!field) return;
    const condition = filterCondition(field, filter, actor, errors, `filters.${i}`);
    if (condition) conditions.push(condition);
  });

  // Grouped rows in group order; plain rows by their first column, the main row's id breaking ties (stable batches).
  let order: SQL = grouped
    ? sql.join(groups.map((_, i) => sql.identifier(`c${i}`)), sql`, `)
    : columns.length > 0
      ? sql`${sql.identifier("c0")} asc nulls first, ${dataset.rowKey}`
      : dataset.rowKey;
  if (spec.sort) {
    const index = columns.findIndex((c) => c.key === spec.sort!.field);
    if (index < 0) (errors["sort.field"] ??= []).push("Sort by one of the report's columns");
    else {
      const direction = spec.sort.direction === "desc" ? sql`desc nulls last` : sql`asc nulls first`;
      order = sql`${sql.identifier(`c${index}`)} ${direction}, ${order}`;
    }
  }
  if (columns.length === 0 && !errors.columns && Object.keys(errors).length === 0) (errors.columns ??= []).push("Choose at least one column");

  if (Object.keys(errors).length > 0) {
    throw new AppError(forbiddenField ? "forbidden" : "validation", forbiddenField ? "Some fields are not available to your role." : "Some fields need attention.", {
      fieldErrors: errors,
    });
  }

  const where = conditions.length > 0 ? sql`where ${sql.join(conditions, sql` and `)}` : sql``;
  const groupBy = grouped ? sql`group by ${sql.join(groups, sql`, `)}` : sql``;
  const base = sql`select ${sql.join(selects, sql`, `)} from ${dataset.from} ${where} ${groupBy}`;
  const totalsSelect = aggregateColumns.map(({ expr }, i) => sql`${expr} as ${sql.identifier(`t${i}`)}`);
  return {
    columns,
    grouped,
    rows: (page) => (page ? sql`${base} order by ${order} limit ${page.limit} offset ${page.offset}` : sql`${base} order by ${order}`),
    totalColumns: aggregateColumns.map(({ column }) => column),
    totals: totalsSelect.length > 0 ? sql`select ${sql.join(totalsSelect, sql`, `)} from ${dataset.from} ${where}` : null,
    count: grouped ? sql`select count(*)::bigint as n from (${base}) as grouped_rows` : sql`select count(*)::bigint as n from ${dataset.from} ${where}`,
  };
}
