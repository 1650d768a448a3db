"use client";
import { useEffect, useRef, useState } from "react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { cn } from "@/lib/core/cn";
import { Card, CardContent, CardHeader, CardTitle } from "@/components/ui/card";
import { UploadStep } from "@/components/imports/upload-step";
import { MappingStep } from "@/components/imports/mapping-step";
import { PreviewStep } from "@/components/imports/preview-step";
import { ImportResult, ImportRunning, type RunState } from "@/components/imports/import-progress";
import { postImportStep, streamImport, type StepFailure } from "@/components/imports/api";
import { getImportJobStatus } from "@/lib/imports/actions/get-import-job";
import type { AnalyzeResult, ImportMapping, ImportOutcome, PreviewResult } from "@/lib/imports/fields";

type Step = "upload" | "mapping" | "preview" | "import";
const steps: { id: Step; label: string }[] = [
  { id: "upload", label: "Upload" },
  { id: "mapping", label: "Match columns" },
  { id: "preview", label: "Check rows" },
  { id: "import", label: "Import" },
];
const titles: Record<Step, string> = {
  upload: "1. Upload your customer list",
  mapping: "2. Match the columns of your file",
  preview: "3. Check the rows before importing",
  import: "4. Import",
};
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Upload → match columns → check rows → import, keeping the file in the browser between steps. */
export function ImportWizard({ planNames, routerNames }: { planNames: string[]; routerNames: string[] }) {
  const router = useRouter();
  const [step, setStep] = useState<Step>("upload");
  const [file, setFile] = useState<File | null>(null);
  const [analysis, setAnalysis] = useState<AnalyzeResult | null>(null);
  const [mapping, setMapping] = useState<ImportMapping>({});
  const [preview, setPreview] = useState<PreviewResult | null>(null);
  const [run, setRun] = useState<RunState>({ phase: "starting", processed: 0, total: 0 });
  const [outcome, setOutcome] = useState<ImportOutcome | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<StepFailure | null>(null);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);

  useEffect(() => {
    if (firstRender.current) firstRender.current = false;
    else headingRef.current?.focus();
  }, [step]);

  const analyze = async (chosen: File) => {
    setBusy(true);
    setError(null);
    const result = await postImportStep<AnalyzeResult>(chosen, { step: "analyze" });
    setBusy(false);
    if (!result.ok) return setError(result);
    setFile(chosen);
    setAnalysis(result.data);
    setMapping(result.data.mapping);
    setStep("mapping");
  };

  const check = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    const result = await postImportStep<PreviewResult>(file, { step: "preview", mapping: JSON.stringify(mapping) });
    setBusy(false);
    if (!result.ok) return setError(result);
    setPreview(result.data);
    setStep("preview");
  };

  const pollJob = async (jobId: string) => {
    for (let attempt = 0; attempt < 900; attempt++) {
      const result = await getImportJobStatus({ jobId });
      if (!result.ok) return setError({ ok: false, message: result.message });
      const job = result.data;
      if (job.status !== "running") {
        const message = job.reason ?? `Imported ${job.importedRows.toLocaleString("en-PH")} customers.`;
        return setOutcome({
          jobId,
          status: job.status,
          totalRows: job.totalRows,
          importedRows: job.importedRows,
          skippedRows: job.skippedRows,
          message,
          durationMs: 0,
        });
      }
      setRun({ phase: "checking", processed: job.processedRows, total: job.totalRows });
      await sleep(1000);
    }
  };

  const start = async (strict: boolean) => {
    if (!file || !preview) return;
    setError(null);
    setOutcome(null);
    setRun({ phase: "starting", processed: 0, total: preview.validRows });
    setStep("import");
    let jobId: string | null = null;
    let finished = false;
    const failure = await streamImport(file, { mapping: JSON.stringify(mapping), strict: String(strict) }, (event) => {
      if (event.type === "job") jobId = event.jobId;
      else if (event.type === "progress") setRun({ phase: event.phase, processed: event.processed, total: event.total });
      else if (event.type === "done") {
        finished = true;
        setOutcome(event.outcome);
      } else {
        finished = true;
        setError({ ok: false, message: event.message, upgradeUrl: event.upgradeUrl });
        setStep("preview");
      }
    });
    if (failure) {
      setError(failure);
      setStep("preview");
      return;
    }
    if (!finished && jobId) await pollJob(jobId);
    router.refresh();
  };

  const restart = () => {
    setFile(null);
    setAnalysis(null);
    setPreview(null);
    setOutcome(null);
    setError(null);
    setStep("upload");
  };

  const current = steps.findIndex((s) => s.id === step);
  return (
    <Card>
      <CardHeader className="gap-3">
        <ol className="flex flex-wrap gap-x-4 gap-y-1 text-xs sm:text-sm" aria-label="Import steps">
          {steps.map((s, i) => (
            <li
              key={s.id}
              aria-current={i === current ? "step" : undefined}
              className={cn("flex items-center gap-1.5", i === current ? "font-semibold text-foreground" : "text-muted-foreground")}
            >
              <span
                className={cn(
                  "grid size-5 place-items-center rounded-full border text-[0.7rem]",
                  i <= current && "border-primary bg-primary text-primary-foreground",
                )}
              >
                {i + 1}
              </span>
              {s.label}
            </li>
          ))}
        </ol>
        <CardTitle>
          <span ref={headingRef} tabIndex={-1} className="outline-none">
            {titles[step]}
          </span>
        </CardTitle>
      </CardHeader>
      <CardContent className="flex flex-col gap-4">
        {error && step !== "upload" ? (
          <div role="alert" className="rounded-md border border-danger/50 p-3 text-sm text-danger">
            {error.message}
            {error.upgradeUrl ? (
              <Link href={error.upgradeUrl} className="ml-1 font-medium underline">
                Upgrade your plan
              </Link>
            ) : null}
          </div>
        ) : null}
        {step === "upload" ? (
          <>
            <UploadStep busy={busy} error={error?.message ?? null} onFile={analyze} onError={(message) => setError({ ok: false, message })} />
            <ReferenceHint planNames={planNames} routerNames={routerNames} />
          </>
        ) : null}
        {step === "mapping" && analysis ? (
          <MappingStep analysis={analysis} mapping={mapping} busy={busy} onChange={setMapping} onBack={restart} onNext={check} />
        ) : null}
        {step === "preview" && preview ? (
          <PreviewStep preview={preview} mapping={mapping} busy={busy} onBack={() => setStep("mapping")} onImport={start} />
        ) : null}
        {step === "import" ? outcome ? <ImportResult outcome={outcome} onRestart={restart} /> : <ImportRunning state={run} /> : null}
      </CardContent>
    </Card>
  );
}

function ReferenceHint({ planNames, routerNames }: { planNames: string[]; routerNames: string[] }) {
  return (
    <div className="flex flex-col gap-1 text-sm text-muted-foreground">
      <p>
        Plans and routers are matched by name (capitals don&apos;t matter).{" "}
        {planNames.length > 0 ? (
          <>Your plans: {planNames.join(", ")}.</>
        ) : (
          <>
            You have no service plans yet: rows with a plan cannot be imported until you{" "}
            <Link href="/plans" className="text-primary underline">
              create your plans
            </Link>
            .
          </>
        )}
        {routerNames.length > 0 ? <> Your routers: {routerNames.join(", ")}.</> : null}
      </p>
      <p>Dates as YYYY-MM-DD (15/03/2024 and 03/15/2024 are read too, when the day is above 12). Tags separated by ; or |.</p>
    </div>
  );
}
