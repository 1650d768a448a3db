"use client";
import { useState } from "react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { IssuesTable } from "@/components/imports/issues-table";
import { importFieldLabels, type ImportField, type ImportMapping, type PreviewResult } from "@/lib/imports/fields";

const n = (v: number) => v.toLocaleString("en-PH");

/** Step 3: counts, every problem by line, the first valid rows, and how to treat problem rows. */
export function PreviewStep({
  preview,
  mapping,
  busy,
  onBack,
  onImport,
}: {
  preview: PreviewResult;
  mapping: ImportMapping;
  busy: boolean;
  onBack: () => void;
  onImport: (strict: boolean) => void;
}) {
  const [strict, setStrict] = useState(false);
  const problemRows = preview.errorRows + preview.duplicateRows;
  const columnOf = (field?: string) => {
    if (!field) return "—";
    const header = Object.keys(mapping).find((h) => mapping[h] === field);
    return header ?? importFieldLabels[field as ImportField] ?? field;
  };
  const blocked = !preview.cap.ok || preview.validRows === 0 || (strict && problemRows > 0);
  const stats = [
    { label: "Rows in the file", value: preview.totalRows, tone: "" },
    { label: "Ready to import", value: preview.validRows, tone: "text-success" },
    { label: "With errors", value: preview.errorRows, tone: preview.errorRows ? "text-danger" : "" },
    { label: "Duplicates", value: preview.duplicateRows, tone: preview.duplicateRows ? "text-warning" : "" },
  ];
  return (
    <div className="flex flex-col gap-5">
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        {stats.map((s) => (
          <div key={s.label} className="rounded-lg border bg-card p-3">
            <dt className="text-sm text-muted-foreground">{s.label}</dt>
            <dd className={`mt-1 text-2xl font-semibold tabular-nums ${s.tone}`}>{n(s.value)}</dd>
          </div>
        ))}
      </dl>
      {preview.emptyRows > 0 ? (
        <p className="text-sm text-muted-foreground">
          {preview.emptyRows === 1 ? "1 empty row is ignored." : `${n(preview.emptyRows)} empty rows are ignored.`}
        </p>
      ) : null}

      {!preview.cap.ok ? (
        <div role="alert" className="rounded-md border border-danger/50 p-3 text-sm">
          <p className="font-medium text-danger">The import would exceed your plan, so it cannot start.</p>
          <p className="mt-1">{preview.cap.message}</p>
          <Link href={preview.cap.upgradeUrl ?? "/settings/plan"} className="mt-2 inline-block font-medium text-primary underline">
            Upgrade your plan
          </Link>
        </div>
      ) : null}

      {preview.issues.length > 0 ? (
        <section aria-labelledby="import-problems" className="flex flex-col gap-2">
          <h3 id="import-problems" className="text-base font-semibold">
            Problems ({n(preview.issues.length)} in {n(problemRows)} rows)
          </h3>
          <p className="text-sm text-muted-foreground">Line 1 is the header, so the first customer is on line 2, as in your spreadsheet.</p>
          <IssuesTable issues={preview.issues} columnOf={columnOf} />
        </section>
      ) : (
        <p className="rounded-md border border-success/50 p-3 text-sm">No problems found in the rows.</p>
      )}

      {preview.sample.length > 0 ? (
        <section aria-labelledby="import-sample" className="flex flex-col gap-2">
          <h3 id="import-sample" className="text-base font-semibold">
            First rows to import
          </h3>
          <div className="relative overflow-x-auto rounded-md border" tabIndex={0} role="region" aria-label="First rows to import">
            <table className="w-full text-sm">
              <thead className="bg-muted text-left">
                <tr>
                  {["Line", "Name", "Account no.", "Phone", "City", "Plan", "Username"].map((h) => (
                    <th key={h} scope="col" className="whitespace-nowrap px-3 py-2 font-medium">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y">
                {preview.sample.map((r) => (
                  <tr key={r.line}>
                    <td className="px-3 py-2 tabular-nums">{r.line}</td>
                    <td className="whitespace-nowrap px-3 py-2">{r.name}</td>
                    <td className="whitespace-nowrap px-3 py-2">
                      {r.accountNumber || <span className="text-muted-foreground">assigned on import</span>}
                    </td>
                    <td className="whitespace-nowrap px-3 py-2">{r.phone}</td>
                    <td className="px-3 py-2">{r.city}</td>
                    <td className="px-3 py-2">{r.plan}</td>
                    <td className="px-3 py-2">{r.username || (r.plan ? <span className="text-muted-foreground">from account no.</span> : "")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      ) : null}

      <fieldset className="flex flex-col gap-2 rounded-md border p-3">
        <legend className="px-1 text-sm font-medium">Rows with problems</legend>
        <label className="flex items-start gap-2 text-sm">
          <input
            type="radio"
            name="import-mode"
            className="mt-0.5 size-4 accent-[var(--primary)]"
            checked={!strict}
            onChange={() => setStrict(false)}
          />
          <span>
            <strong>Skip rows with errors</strong>: import the {n(preview.validRows)} valid rows; the report lists the skipped ones.
          </span>
        </label>
        <label className="flex items-start gap-2 text-sm">
          <input
            type="radio"
            name="import-mode"
            className="mt-0.5 size-4 accent-[var(--primary)]"
            checked={strict}
            onChange={() => setStrict(true)}
          />
          <span>
            <strong>Strict</strong>: refuse the whole file if any row has a problem.
          </span>
        </label>
        {preview.validRows === 0 ? (
          <p className="text-sm text-danger">No row can be imported yet: fix the problems listed above in your file and upload it again.</p>
        ) : null}
        {strict && problemRows > 0 && preview.validRows > 0 ? (
          <p className="text-sm text-danger">Strict mode would refuse this file: fix the {n(problemRows)} rows with problems and upload it again.</p>
        ) : null}
      </fieldset>

      <div className="flex flex-wrap justify-between gap-2">
        <Button variant="outline" onClick={onBack} disabled={busy}>
          Back to the columns
        </Button>
        <Button onClick={() => onImport(strict)} disabled={busy || blocked}>
          Import {n(preview.validRows)} customer{preview.validRows === 1 ? "" : "s"}
        </Button>
      </div>
    </div>
  );
}
