"use client";
import type { ImportEvent } from "@/lib/imports/fields";

export type StepFailure = { ok: false; message: string; upgradeUrl?: string };
export type StepResult<T> = { ok: true; data: T } | StepFailure;

const UPLOAD_URL = "/api/import/upload";
const offline: StepFailure = { ok: false, message: "Could not reach NetSphere. Check your connection and try again." };

function formOf(file: File, fields: Record<string, string>) {
  const form = new FormData();
  form.set("file", file);
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return form;
}

/** One step (analyze or preview) of the import: the file goes with every step. */
export async function postImportStep<T>(file: File, fields: Record<string, string>): Promise<StepResult<T>> {
  let response: Response;
  try {
    response = await fetch(UPLOAD_URL, { method: "POST", body: formOf(file, fields) });
  } catch {
    return offline;
  }
  const body = (await response.json().catch(() => null)) as
    { ok: true; data: T } | { ok: false; message: string; details?: { upgradeUrl?: string } } | null;
  if (!body) return { ok: false, message: `The server answered ${response.status}. Try again.` };
  if (!body.ok) return { ok: false, message: body.message, upgradeUrl: body.details?.upgradeUrl };
  return body;
}

/**
 * Runs the import and reads its progress, one JSON event per line. Resolves when the stream
 * ends; a stream cut short (no "done" event) is left to the caller, which polls the job.
 */
export async function streamImport(file: File, fields: Record<string, string>, onEvent: (event: ImportEvent) => void): Promise<StepFailure | null> {
  let response: Response;
  try {
    response = await fetch(UPLOAD_URL, { method: "POST", body: formOf(file, { ...fields, step: "import" }) });
  } catch {
    return offline;
  }
  if (!response.ok || !response.body) {
    const body = (await response.json().catch(() => null)) as { message?: string; details?: { upgradeUrl?: string } } | null;
    return { ok: false, message: body?.message ?? `The server answered ${response.status}. Try again.`, upgradeUrl: body?.details?.upgradeUrl };
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += value;
      let newline = buffer.indexOf("\n");
      while (newline >= 0) {
        const line = buffer.slice(0, newline).trim();
        buffer = buffer.slice(newline + 1);
        if (line) onEvent(JSON.parse(line) as ImportEvent);
        newline = buffer.indexOf("\n");
      }
    }
  } catch {
    // The connection dropped: the import carries on on the server; the caller polls the job.
  }
  return null;
}
