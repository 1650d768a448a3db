"use client";
import { useEffect, useMemo, useState, useTransition } from "react";
import { useRouter } from "next/navigation";
import { previewReportAction } from "@/lib/reports/builder/actions/preview-report";
import { saveReportAction } from "@/lib/reports/builder/actions/save-report";
import type { CatalogDataset, CatalogField } from "@/lib/reports/builder/datasets";
import type { ReportResult, Cell } from "@/lib/reports/builder/run";
import type { ReportSpecInput } from "@/lib/reports/builder/spec";
import {
  aggregationLabels,
  aggregationsByType,
  chartTypes,
  operatorLabels,
  operatorsByType,
  PREVIEW_ROWS,
  type Aggregation,
  type ChartType,
  type FieldType,
  type FilterOperator,
  type ReportDataset,
} from "@/lib/reports/builder/values";
import { formatMoney } from "@/lib/core/money";
import { formatVolume } from "@/components/analytics/format";
import { Button } from "@/components/ui/button";
import { Input, Label, NativeSelect } from "@/components/ui/input";
import { ReportChart } from "@/components/reports/report-chart";
import { ReportDownload } from "@/components/reports/report-download";

type Filter = {
  field: string;
  op: FilterOperator;
  value?: string | number;
  values?: string[];
  from?: string | number;
  to?: string | number;
  days?: number;
};
type Spec = {
  dataset: ReportDataset;
  columns: string[];
  filters: Filter[];
  groupBy: string[];
  aggregates: { fn: Aggregation; field: string | null }[];
  sort: { field: string; direction: "asc" | "desc" } | null;
  chart: ChartType;
};
export type SavedForBuilder = { id: string; name: string; spec: Spec; visibility: "private" | "shared"; sharedRoles: string[]; canEdit: boolean };

const roleChoices = ["owner", "admin", "billing", "support", "technician"] as const;
const noValue: FilterOperator[] = ["this_month", "last_month", "is_true", "is_false"];

export function formatCell(type: FieldType, value: Cell, currency: string): string {
  if (value === null) return "—";
  if (type === "money" && typeof value === "number") return formatMoney(value, currency);
  if (type === "bytes" && typeof value === "number") return formatVolume(value);
  if (type === "boolean") return value ? "Yes" : "No";
  if (type === "number" && typeof value === "number") return value.toLocaleString("en-PH");
  return String(value);
}

/** The spec as the server parses it: blank filter parts left out, numbers as numbers. */
function toInput(spec: Spec): ReportSpecInput {
  return {
    ...spec,
    filters: spec.filters.map((f) => ({
      field: f.field,
      op: f.op,
      ...(f.value !== undefined && f.value !== "" ? { value: f.value } : {}),
      ...(f.values?.length ? { values: f.values } : {}),
      ...(f.from !== undefined && f.from !== "" ? { from: f.from } : {}),
      ...(f.to !== undefined && f.to !== "" ? { to: f.to } : {}),
      ...(f.days ? { days: f.days } : {}),
    })),
  };
}

export function ReportBuilder({ catalog, saved, currency }: { catalog: CatalogDataset[]; saved: SavedForBuilder | null; currency: string }) {
  const router = useRouter();
  const first = catalog[0];
  const [spec, setSpec] = useState<Spec>(
    saved?.spec ?? { dataset: first.key, columns: first.defaultColumns, filters: [], groupBy: [], aggregates: [], sort: null, chart: "none" },
  );
  const [result, setResult] = useState<ReportResult | null>(null);
  const [errors, setErrors] = useState<Record<string, string[]>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [loading, startLoading] = useTransition();
  const [name, setName] = useState(saved?.name ?? "");
  const [visibility, setVisibility] = useState<"private" | "shared">(saved?.visibility ?? "private");
  const [sharedRoles, setSharedRoles] = useState<string[]>(saved?.sharedRoles ?? []);
  const [saveNote, setSaveNote] = useState<string | null>(null);
  const [saving, startSaving] = useTransition();

  const dataset = catalog.find((d) => d.key === spec.dataset) ?? first;
  const fieldOf = (key: string | null): CatalogField | undefined => dataset.fields.find((f) => f.key === key);
  const input = useMemo(() => toInput(spec), [spec]);
  const inputText = JSON.stringify(input);

  useEffect(() => {
    const timer = setTimeout(() => {
      startLoading(async () => {
        const response = await previewReportAction(JSON.parse(inputText) as ReportSpecInput);
        if (response.ok) {
          setResult(response.data);
          setErrors({});
          setMessage(null);
        } else {
          setErrors(response.fieldErrors ?? {});
          setMessage(response.message);
        }
      });
    }, 350);
    return () => clearTimeout(timer);
  }, [inputText]);

  const update = (change: Partial<Spec>) => setSpec((s) => ({ ...s, ...change }));
  const chooseDataset = (key: ReportDataset) => {
    const next = catalog.find((d) => d.key === key) ?? first;
    setSpec({ dataset: next.key, columns: next.defaultColumns, filters: [], groupBy: [], aggregates: [], sort: null, chart: "none" });
  };
  const toggleColumn = (key: string) =>
    update({ columns: spec.columns.includes(key) ? spec.columns.filter((c) => c !== key) : [...spec.columns, key] });
  const setFilter = (i: number, change: Partial<Filter>) => update({ filters: spec.filters.map((f, j) => (j === i ? { ...f, ...change } : f)) });
  const errorOf = (path: string) => errors[path]?.join(" ");
  const groupable = dataset.fields.filter((f) => f.type !== "money" && f.type !== "bytes");
  const exportHref = (format: "csv" | "xlsx") =>
    saved && !changedSinceSave(saved, spec)
      ? `/api/reports/export?reportId=${saved.id}&format=${format}`
      : `/api/reports/export?${new URLSearchParams({ spec: inputText, format, ...(name ? { name } : {}) })}`;

  const chartPoints =
    result && spec.chart !== "none" && spec.groupBy.length > 0
      ? (() => {
          const valueIndex = result.columns.findIndex((c) => c.aggregate);
          return valueIndex < 0 ? [] : result.rows.map((row) => ({ label: String(row[0] ?? "—"), value: Number(row[valueIndex] ?? 0) }));
        })()
      : [];
  const chartColumn = result?.columns.find((c) => c.aggregate);

  const save = () =>
    startSaving(async () => {
      const response = await saveReportAction({
        reportId: saved?.canEdit ? saved.id : null,
        name,
        spec: input,
        visibility,
        sharedRoles: sharedRoles as (typeof roleChoices)[number][],
      });
      if (response.ok) {
        setSaveNote("Saved.");
        router.replace(`/reports/builder?report=${response.data.id}`);
        router.refresh();
      } else {
        setSaveNote(response.fieldErrors?.name?.join(" ") ?? response.message);
      }
    });

  return (
    <div className="grid gap-6 lg:grid-cols-[minmax(0,20rem)_minmax(0,1fr)]">
      <form method="post" className="space-y-5" onSubmit={(e) => e.preventDefault()} aria-label="Report definition">
        <div className="space-y-1">
          <Label htmlFor="report-dataset">Dataset</Label>
          <NativeSelect id="report-dataset" value={spec.dataset} onChange={(e) => chooseDataset(e.target.value as ReportDataset)}>
            {catalog.map((d) => (
              <option key={d.key} value={d.key}>
                {d.label}
              </option>
            ))}
          </NativeSelect>
        </div>

        {spec.groupBy.length === 0 ? (
          <fieldset className="space-y-1">
            <legend className="text-sm font-medium">Columns</legend>
            <div className="grid grid-cols-2 gap-x-3 gap-y-1">
              {dataset.fields.map((f) => (
                <label key={f.key} className="flex items-center gap-2 text-sm">
                  <input type="checkbox" checked={spec.columns.includes(f.key)} onChange={() => toggleColumn(f.key)} />
                  {f.label}
                </label>
              ))}
            </div>
            {errorOf("columns") ? <p className="text-sm text-danger">{errorOf("columns")}</p> : null}
          </fieldset>
        ) : null}

        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">Filters</legend>
          {spec.filters.map((filter, i) => {
            const field = fieldOf(filter.field);
            const ops = field ? operatorsByType[field.type] : [];
            const problem = Object.entries(errors)
              .filter(([k]) => k.startsWith(`filters.${i}.`))
              .map(([, v]) => v.join(" "))
              .join(" ");
            return (
              <div key={i} className="space-y-1 rounded-md border p-2">
                <div className="flex gap-2">
                  <NativeSelect
                    aria-label={`Filter ${i + 1} field`}
                    value={filter.field}
                    onChange={(e) =>
                      setFilter(i, { field: e.target.value, op: operatorsByType[fieldOf(e.target.value)?.type ?? "text"][0], value: "", values: [] })
                    }
                  >
                    {dataset.fields.map((f) => (
                      <option key={f.key} value={f.key}>
                        {f.label}
                      </option>
                    ))}
                  </NativeSelect>
                  <NativeSelect
                    aria-label={`Filter ${i + 1} condition`}
                    value={filter.op}
                    onChange={(e) => setFilter(i, { op: e.target.value as FilterOperator })}
                  >
                    {ops.map((op) => (
                      <option key={op} value={op}>
                        {operatorLabels[op]}
                      </option>
                    ))}
                  </NativeSelect>
                </div>
                {filter.op === "between" ? (
                  <div className="flex gap-2">
                    <Input
                      aria-label={`Filter ${i + 1} from`}
                      type={field?.type === "date" || field?.type === "timestamp" ? "date" : "text"}
                      value={String(filter.from ?? "")}
                      onChange={(e) => setFilter(i, { from: e.target.value })}
                    />
                    <Input
                      aria-label={`Filter ${i + 1} to`}
                      type={field?.type === "date" || field?.type === "timestamp" ? "date" : "text"}
                      value={String(filter.to ?? "")}
                      onChange={(e) => setFilter(i, { to: e.target.value })}
                    />
                  </div>
                ) : filter.op === "last_days" ? (
                  <Input
                    aria-label={`Filter ${i + 1} days`}
                    type="number"
                    min={1}
                    value={filter.days ?? ""}
                    onChange={(e) => setFilter(i, { days: Number(e.target.value) || undefined })}
                  />
                ) : filter.op === "in" && field?.options ? (
                  <NativeSelect
                    aria-label={`Filter ${i + 1} values`}
                    multiple
                    value={filter.values ?? []}
                    onChange={(e) => setFilter(i, { values: [...e.target.selectedOptions].map((o) => o.value) })}
                  >
                    {field.options.map((o) => (
                      <option key={o} value={o}>
                        {o}
                      </option>
                    ))}
                  </NativeSelect>
                ) : filter.op === "equals" && field?.options ? (
                  <NativeSelect
                    aria-label={`Filter ${i + 1} value`}
                    value={String(filter.value ?? "")}
                    onChange={(e) => setFilter(i, { value: e.target.value })}
                  >
                    <option value="">Choose…</option>
                    {field.options.map((o) => (
                      <option key={o} value={o}>
                        {o}
                      </option>
                    ))}
                  </NativeSelect>
                ) : noValue.includes(filter.op) ? null : (
                  <Input
                    aria-label={`Filter ${i + 1} value`}
                    type={field?.type === "date" ? "date" : "text"}
                    value={filter.op === "in" ? (filter.values ?? []).join(", ") : String(filter.value ?? "")}
                    onChange={(e) =>
                      setFilter(
                        i,
                        filter.op === "in"
                          ? {
                              values: e.target.value
                                .split(",")
                                .map((v) => v.trim())
                                .filter(Boolean),
                            }
                          : { value: e.target.value },
                      )
                    }
                  />
                )}
                <div className="flex items-center justify-between">
                  {problem ? <p className="text-sm text-danger">{problem}</p> : <span />}
                  <Button type="button" variant="ghost" size="sm" onClick={() => update({ filters: spec.filters.filter((_, j) => j !== i) })}>
                    Remove filter {i + 1}
                  </Button>
                </div>
              </div>
            );
          })}
          <Button
            type="button"
            variant="outline"
            size="sm"
            onClick={() => update({ filters: [...spec.filters, { field: dataset.fields[0].key, op: operatorsByType[dataset.fields[0].type][0] }] })}
          >
            Add filter
          </Button>
        </fieldset>

        <div className="space-y-1">
          <Label htmlFor="report-group">Group by</Label>
          <NativeSelect
            id="report-group"
            value={spec.groupBy[0] ?? ""}
            onChange={(e) =>
              update({
                groupBy: e.target.value ? [e.target.value] : [],
                sort: null,
                chart: e.target.value ? spec.chart : "none",
                aggregates: e.target.value && spec.aggregates.length === 0 ? [{ fn: "count", field: null }] : spec.aggregates,
              })
            }
          >
            <option value="">No grouping (one row per record)</option>
            {groupable.map((f) => (
              <option key={f.key} value={f.key}>
                {f.label}
              </option>
            ))}
          </NativeSelect>
        </div>

        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">Totals</legend>
          {spec.aggregates.map((a, i) => {
            const numeric = dataset.fields.filter((f) => aggregationsByType[f.type].length > 0);
            // Keeps the field when it takes the new total, else the first field that does.
            const fieldFor = (fn: Aggregation, current: string | null) =>
              fn === "count"
                ? null
                : current && aggregationsByType[fieldOf(current)?.type ?? "enum"].includes(fn)
                  ? current
                  : (numeric.find((f) => aggregationsByType[f.type].includes(fn))?.key ?? null);
            return (
              <div key={i} className="flex gap-2">
                <NativeSelect
                  aria-label={`Total ${i + 1}`}
                  value={a.fn}
                  onChange={(e) =>
                    update({
                      aggregates: spec.aggregates.map((x, j) =>
                        j === i ? { fn: e.target.value as Aggregation, field: fieldFor(e.target.value as Aggregation, x.field) } : x,
                      ),
                    })
                  }
                >
                  {(Object.keys(aggregationLabels) as Aggregation[]).map((fn) => (
                    <option key={fn} value={fn}>
                      {aggregationLabels[fn]}
                    </option>
                  ))}
                </NativeSelect>
                {a.fn !== "count" ? (
                  <NativeSelect
                    aria-label={`Total ${i + 1} field`}
                    value={a.field ?? ""}
                    onChange={(e) => update({ aggregates: spec.aggregates.map((x, j) => (j === i ? { ...x, field: e.target.value } : x)) })}
                  >
                    {numeric
                      .filter((f) => aggregationsByType[f.type].includes(a.fn))
                      .map((f) => (
                        <option key={f.key} value={f.key}>
                          {f.label}
                        </option>
                      ))}
                  </NativeSelect>
                ) : null}
                <Button type="button" variant="ghost" size="sm" onClick={() => update({ aggregates: spec.aggregates.filter((_, j) => j !== i) })}>
                  Remove<span className="sr-only"> total {i + 1}</span>
                </Button>
              </div>
            );
          })}
          <Button
            type="button"
            variant="outline"
            size="sm"
            onClick={() => update({ aggregates: [...spec.aggregates, { fn: "count", field: null }] })}
          >
            Add total
          </Button>
        </fieldset>

        {spec.groupBy.length > 0 ? (
          <div className="space-y-1">
            <Label htmlFor="report-chart">Chart</Label>
            <NativeSelect id="report-chart" value={spec.chart} onChange={(e) => update({ chart: e.target.value as ChartType })}>
              {chartTypes.map((c) => (
                <option key={c} value={c}>
                  {c === "none" ? "No chart" : c === "bar" ? "Bars" : "Line"}
                </option>
              ))}
            </NativeSelect>
          </div>
        ) : null}

        {result ? (
          <div className="space-y-1">
            <Label htmlFor="report-sort">Sort by</Label>
            <NativeSelect
              id="report-sort"
              value={spec.sort ? `${spec.sort.field}:${spec.sort.direction}` : ""}
              onChange={(e) => {
                const [field, direction] = e.target.value.split(":");
                update({ sort: field ? { field, direction: direction as "asc" | "desc" } : null });
              }}
            >
              <option value="">Default order</option>
              {result.columns.flatMap((c) => [
                <option key={`${c.key}:asc`} value={`${c.key}:asc`}>{`${c.label}, ascending`}</option>,
                <option key={`${c.key}:desc`} value={`${c.key}:desc`}>{`${c.label}, descending`}</option>,
              ])}
            </NativeSelect>
          </div>
        ) : null}

        <fieldset className="space-y-2 rounded-md border p-3">
          <legend className="px-1 text-sm font-medium">{saved ? "Save changes" : "Save report"}</legend>
          <div className="space-y-1">
            <Label htmlFor="report-name">Name</Label>
            <Input id="report-name" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />
          </div>
          <div className="space-y-1">
            <Label htmlFor="report-visibility">Who sees it</Label>
            <NativeSelect id="report-visibility" value={visibility} onChange={(e) => setVisibility(e.target.value as "private" | "shared")}>
              <option value="private">Only me (and owners and admins)</option>
              <option value="shared">Shared with roles</option>
            </NativeSelect>
          </div>
          {visibility === "shared" ? (
            <div className="flex flex-wrap gap-3" role="group" aria-label="Roles it is shared with">
              {roleChoices.map((role) => (
                <label key={role} className="flex items-center gap-1 text-sm capitalize">
                  <input
                    type="checkbox"
                    checked={sharedRoles.includes(role)}
                    onChange={() => setSharedRoles((r) => (r.includes(role) ? r.filter((x) => x !== role) : [...r, role]))}
                  />
                  {role}
                </label>
              ))}
            </div>
          ) : null}
          <Button type="button" onClick={save} disabled={saving}>
            {saving ? "Saving…" : saved?.canEdit ? "Save changes" : saved ? "Save a copy" : "Save report"}
          </Button>
          <p role="status" className="text-sm text-muted-foreground">
            {saveNote}
          </p>
        </fieldset>
      </form>

      <section aria-labelledby="preview-heading" className="min-w-0 space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-2">
          <h2 id="preview-heading" className="text-base font-semibold">
            Preview
          </h2>
          <div className="flex gap-2">
            <ReportDownload href={exportHref("csv")} format="csv" label="Download CSV" />
            <ReportDownload href={exportHref("xlsx")} format="xlsx" label="Download XLSX" />
          </div>
        </div>
        <p role="status" aria-live="polite" className="text-sm text-muted-foreground">
          {loading
            ? "Updating the preview…"
            : message
              ? message
              : result
                ? `${result.rowCount.toLocaleString("en-PH")} rows${result.rowCount > PREVIEW_ROWS ? `; the first ${PREVIEW_ROWS} shown, downloads hold every row (streamed)` : ""}.`
                : ""}
        </p>
        {Object.keys(errors).length > 0 ? (
          <ul className="list-disc pl-5 text-sm text-danger">
            {Object.entries(errors).map(([path, list]) => (
              <li key={path}>{`${path === "dataset" ? "Dataset" : path}: ${list.join(" ")}`}</li>
            ))}
          </ul>
        ) : null}
        {result && spec.chart !== "none" && chartColumn ? (
          <ReportChart
            type={spec.chart}
            points={chartPoints}
            title={`${chartColumn.label} by ${result.columns[0]?.label.toLowerCase()}`}
            format={(v) => formatCell(chartColumn.type, v, currency)}
          />
        ) : null}
        {result ? (
          <div
            role="region"
            aria-label="Report preview"
            tabIndex={0}
            className="max-h-[32rem] overflow-auto rounded-lg border bg-card focus-visible:outline-2 focus-visible:outline-ring"
          >
            <table className="w-full text-sm">
              <thead className="sticky top-0 border-b bg-card text-left text-muted-foreground">
                <tr>
                  {result.columns.map((c) => (
                    <th key={c.key} scope="col" className={`p-2 font-medium ${["number", "money", "bytes"].includes(c.type) ? "text-right" : ""}`}>
                      {c.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y">
                {result.rows.map((row, i) => (
                  <tr key={i}>
                    {row.map((cell, j) => (
                      <td key={j} className={`p-2 ${["number", "money", "bytes"].includes(result.columns[j].type) ? "text-right tabular-nums" : ""}`}>
                        {formatCell(result.columns[j].type, cell, currency)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        {result?.totals ? (
          <div>
            <h3 className="sr-only">Totals</h3>
            <dl className="grid grid-cols-2 gap-2 sm:grid-cols-4">
              {result.totalColumns.map((c, i) => (
                <div key={c.key} className="rounded-md border p-2">
                  <dt className="text-xs text-muted-foreground">{c.label}</dt>
                  <dd className="font-semibold tabular-nums">{formatCell(c.type, result.totals![i], currency)}</dd>
                </div>
              ))}
            </dl>
          </div>
        ) : null}
      </section>
    </div>
  );
}

function changedSinceSave(saved: SavedForBuilder, spec: Spec) {
  return JSON.stringify(saved.spec) !== JSON.stringify(spec);
}
