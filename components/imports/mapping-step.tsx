"use client";
import { Field } from "@/components/forms/field";
import { NativeSelect } from "@/components/ui/input";
import { Button } from "@/components/ui/button";
import { checkMapping } from "@/lib/imports/mapping";
import { importFieldLabels, importFields, type AnalyzeResult, type ImportMapping, type MappingTarget } from "@/lib/imports/fields";

/** Step 2: each column of the file → one of our fields, or ignored. Name is required. */
export function MappingStep({
  analysis,
  mapping,
  busy,
  onChange,
  onBack,
  onNext,
}: {
  analysis: AnalyzeResult;
  mapping: ImportMapping;
  busy: boolean;
  onChange: (mapping: ImportMapping) => void;
  onBack: () => void;
  onNext: () => void;
}) {
  const problems = checkMapping(analysis.headers, mapping);
  return (
    <div className="flex flex-col gap-4">
      <p className="text-sm text-muted-foreground">
        <strong className="text-foreground">{analysis.fileName}</strong>: {analysis.rowCount.toLocaleString("en-PH")} row
        {analysis.rowCount === 1 ? "" : "s"} and {analysis.headers.length} columns.{" "}
        {analysis.remembered
          ? "The columns are matched the way you confirmed last time; check them."
          : "We guessed the columns from their names; check them."}
      </p>
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        {analysis.headers.map((header) => (
          <Field
            key={header}
            label={header}
            hint={analysis.examples[header] ? `e.g. ${analysis.examples[header]}` : "(empty in the first rows)"}
            className="flex min-w-0 flex-col gap-1.5 rounded-md border bg-card p-3 [&_p]:truncate"
          >
            <NativeSelect value={mapping[header] ?? "ignore"} onChange={(e) => onChange({ ...mapping, [header]: e.target.value as MappingTarget })}>
              <option value="ignore">Don&apos;t import</option>
              {importFields.map((f) => (
                <option key={f} value={f}>
                  {importFieldLabels[f]}
                </option>
              ))}
            </NativeSelect>
          </Field>
        ))}
      </div>
      {problems.length > 0 ? (
        <ul role="alert" className="flex list-disc flex-col gap-1 rounded-md border border-danger/50 p-3 pl-8 text-sm text-danger">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
      <div className="flex flex-wrap justify-between gap-2">
        <Button variant="outline" onClick={onBack} disabled={busy}>
          Choose another file
        </Button>
        <Button onClick={onNext} disabled={busy || problems.length > 0}>
          {busy ? "Checking every row…" : "Check the rows"}
        </Button>
      </div>
    </div>
  );
}
