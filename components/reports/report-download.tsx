"use client";
import { useState } from "react";
import { Button } from "@/components/ui/button";

type Progress = { received: number; rows: number | null; total: number | null } | null;

const megabytes = (bytes: number) => `${(bytes / 1_048_576).toFixed(1)} MB`;

/** The file name the server gave (Content-Disposition), else a plain one. */
function filenameOf(response: Response, fallback: string): string {
  return /filename="([^"]+)"/.exec(response.headers.get("Content-Disposition") ?? "")?.[1] ?? fallback;
}

/**
 * A report download that shows its progress: the export streams its rows and says how many are coming (X-Row-Count),
 * so a CSV counts rows as they arrive ("12,000 of 100,000 rows") and an XLSX its size so far. Without JavaScript the
 * link downloads as any link does.
 */
export function ReportDownload({ href, format, label, srLabel }: { href: string; format: "csv" | "xlsx"; label: string; srLabel?: string }) {
  const [progress, setProgress] = useState<Progress>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const download = async (event: React.MouseEvent<HTMLAnchorElement>) => {
    if (!window.ReadableStream || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    if (progress) return;
    setError(null);
    setDone(null);
    setProgress({ received: 0, rows: format === "csv" ? 0 : null, total: null });
    try {
      const response = await fetch(href);
      if (!response.ok || !response.body) {
        const problem = (await response.json().catch(() => null)) as { message?: string } | null;
        throw new Error(problem?.message ?? `The download failed (${response.status}).`);
      }
      const total = Number(response.headers.get("X-Row-Count") ?? "") || null;
      const reader = response.body.getReader();
      const chunks: BlobPart[] = [];
      let received = 0;
      let lines = 0;
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        chunks.push(value);
        received += value.byteLength;
        if (format === "csv") for (const byte of value) if (byte === 10) lines += 1;
        // The CSV's first line is its header.
        setProgress({ received, rows: format === "csv" ? Math.min(Math.max(0, lines - 1), total ?? Number.POSITIVE_INFINITY) : null, total });
      }
      const url = URL.createObjectURL(new Blob(chunks, { type: response.headers.get("Content-Type") ?? undefined }));
      const link = document.createElement("a");
      link.href = url;
      link.download = filenameOf(response, `report.${format}`);
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      // The server's count is exact (a quoted cell may hold a line break, and totals close the file).
      const rows = total ?? Math.max(0, lines - 1);
      setDone(format === "csv" ? `${rows.toLocaleString("en-PH")} ${rows === 1 ? "row" : "rows"} downloaded.` : `${megabytes(received)} downloaded.`);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : "The download failed.");
    } finally {
      setProgress(null);
    }
  };
  const status = progress
    ? progress.rows !== null && progress.total
      ? `${label}: ${progress.rows.toLocaleString("en-PH")} of ${progress.total.toLocaleString("en-PH")} rows (${Math.min(100, Math.round((progress.rows / progress.total) * 100))} %)`
      : `${label}: ${megabytes(progress.received)} so far${progress.total ? ` of ${progress.total.toLocaleString("en-PH")} rows` : ""}`
    : (error ?? done);
  return (
    <span className="inline-flex flex-col gap-1">
      <Button asChild variant="outline" size="sm">
        <a href={href} download onClick={download} aria-busy={progress !== null}>
          {progress ? "Downloading…" : label}
          {srLabel ? <span className="sr-only"> {srLabel}</span> : null}
        </a>
      </Button>
      <span role="status" aria-live="polite" className={error ? "text-xs text-danger" : "text-xs text-muted-foreground"}>
        {status}
      </span>
    </span>
  );
}
