"use client";
import { useState } from "react";
import { useRouter } from "next/navigation";
import { saveSpeedTestAction } from "@/lib/portal/actions/speed-test";
import {
  kbpsOf,
  latencyStats,
  nextMove,
  SPEEDTEST_DOWNLOAD_STEPS,
  SPEEDTEST_PARALLEL,
  SPEEDTEST_PINGS,
  SPEEDTEST_UPLOAD_STEPS,
} from "@/lib/portal/speed-test-rules";
import { FocusKeepingButton } from "@/components/ui/focus-keeping-button";
import { buttonVariants } from "@/components/ui/classes";
import { FormAlert } from "./form-alert";
import { formatSpeed } from "./format";

type SpeedTestResult = Parameters<typeof saveSpeedTestAction>[0];
type Phase = "idle" | "latency" | "download" | "upload" | "saving" | "done";
const phaseText: Record<Phase, string> = {
  idle: "",
  latency: "Measuring latency…",
  download: "Measuring download speed…",
  upload: "Measuring upload speed…",
  saving: "Saving your result…",
  done: "Done.",
};

const base = "/api/portal/speedtest";
const fresh = () => `${Date.now()}-${Math.random().toString(36).slice(2)}`;

async function checked(response: Response): Promise<Response> {
  if (response.ok) return response;
  const body = (await response.json().catch(() => null)) as { message?: string } | null;
  throw new Error(body?.message ?? "The test could not reach the server.");
}

async function measureLatency(): Promise<{ latencyMs: number; jitterMs: number }> {
  await checked(await fetch(`${base}/ping?w=${fresh()}`, { cache: "no-store" }));
  const samples: number[] = [];
  for (let i = 0; i < SPEEDTEST_PINGS; i++) {
    const started = performance.now();
    await checked(await fetch(`${base}/ping?n=${fresh()}`, { cache: "no-store" }));
    samples.push(performance.now() - started);
  }
  return latencyStats(samples);
}

/** Bigger and bigger transfers until one takes long enough to measure; the last one gives the speed. */
async function measure(steps: number[], transfer: (bytes: number) => Promise<void>, onSpeed: (kbps: number) => void): Promise<number> {
  let kbps = 0;
  for (let step = 0; step < steps.length; step++) {
    const started = performance.now();
    await transfer(steps[step]);
    const elapsed = performance.now() - started;
    kbps = kbpsOf(steps[step], elapsed);
    onSpeed(kbps);
    const move = nextMove(elapsed, step, steps);
    if (move === "stop") break;
    if (move === "parallel") {
      const burstStarted = performance.now();
      await Promise.all(Array.from({ length: SPEEDTEST_PARALLEL }, () => transfer(steps[step])));
      kbps = Math.max(kbps, kbpsOf(steps[step] * SPEEDTEST_PARALLEL, performance.now() - burstStarted));
      onSpeed(kbps);
      break;
    }
  }
  return kbps;
}

const download = async (bytes: number) => {
  const response = await checked(await fetch(`${base}/download?bytes=${bytes}&r=${fresh()}`, { cache: "no-store" }));
  await response.arrayBuffer();
};

const upload = async (bytes: number) => {
  const body = new Uint8Array(bytes);
  // getRandomValues fills at most 64 KiB per call; random bytes keep anything on the way from compressing them.
  for (let offset = 0; offset < bytes; offset += 65536) crypto.getRandomValues(body.subarray(offset, Math.min(offset + 65536, bytes)));
  await checked(
    await fetch(`${base}/upload?r=${fresh()}`, { method: "POST", body, cache: "no-store", headers: { "content-type": "application/octet-stream" } }),
  );
};

/** The in-browser speed test: latency and jitter, download, upload, then the result is saved for support to see. */
export function SpeedTest() {
  const router = useRouter();
  const [phase, setPhase] = useState<Phase>("idle");
  const [result, setResult] = useState<Partial<SpeedTestResult>>({});
  const [error, setError] = useState<string | null>(null);
  const running = phase !== "idle" && phase !== "done";

  const run = async () => {
    setError(null);
    setResult({});
    try {
      setPhase("latency");
      const latency = await measureLatency();
      setResult(latency);
      setPhase("download");
      const downloadKbps = await measure(SPEEDTEST_DOWNLOAD_STEPS, download, (kbps) => setResult((r) => ({ ...r, downloadKbps: kbps })));
      setPhase("upload");
      const uploadKbps = await measure(SPEEDTEST_UPLOAD_STEPS, upload, (kbps) => setResult((r) => ({ ...r, uploadKbps: kbps })));
      setPhase("saving");
      const saved = await saveSpeedTestAction({ ...latency, downloadKbps, uploadKbps });
      if (!saved.ok) throw new Error(saved.message);
      setPhase("done");
      router.refresh();
    } catch (failure) {
      setPhase("idle");
      setError(failure instanceof Error ? failure.message : "The test stopped. Try again.");
    }
  };

  const cells: { label: string; value: string }[] = [
    { label: "Download", value: result.downloadKbps !== undefined ? formatSpeed(result.downloadKbps) : "—" },
    { label: "Upload", value: result.uploadKbps !== undefined ? formatSpeed(result.uploadKbps) : "—" },
    { label: "Latency", value: result.latencyMs !== undefined ? `${result.latencyMs} ms` : "—" },
    { label: "Jitter", value: result.jitterMs !== undefined ? `${result.jitterMs} ms` : "—" },
  ];
  return (
    <div className="flex flex-col gap-4">
      {error ? <FormAlert tone="error">{error}</FormAlert> : null}
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {cells.map((cell) => (
          <div key={cell.label} className="rounded-lg border p-3">
            <dt className="text-sm text-muted-foreground">{cell.label}</dt>
            <dd className="text-xl font-semibold tabular-nums">{cell.value}</dd>
          </div>
        ))}
      </dl>
      <p role="status" aria-live="polite" className="min-h-5 text-sm">
        {phaseText[phase]}
      </p>
      <div>
        <FocusKeepingButton type="button" className={buttonVariants({ size: "lg" })} onClick={run} disabled={running}>
          {running ? "Testing…" : phase === "done" ? "Test again" : "Start the test"}
        </FocusKeepingButton>
      </div>
    </div>
  );
}
