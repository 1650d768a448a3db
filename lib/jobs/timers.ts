/*
 * The embedded runner: one timer chain per job inside the app process. The next run is scheduled only
 * after the previous one has finished, so runs of one job never overlap; a run that takes longer than
 * the interval is followed by the next one at once rather than by a pile-up.
 */
import { runJob, type AnyJob, type JobContext, type JobSummary } from "./define";
import { runExclusive } from "./exclusive";
import { clock } from "@/lib/core/clock";

export type JobTimerEvents = {
  onRun?(job: AnyJob, summary: JobSummary, durationMs: number): void;
  onSkip?(job: AnyJob): void;
  onError?(job: AnyJob, error: unknown): void;
};

export type JobTimersOptions = JobTimerEvents & {
  jobs: readonly AnyJob[];
  context: () => Promise<Pick<JobContext, "db">>;
  /** Delay before each job's first run, so start-up (migrations, the first page) goes first. */
  initialDelayMs?: number;
  /** Overrides every job's interval (tests). */
  intervalMs?: number;
  /** Seconds by job name, overriding its schedule (JOB_INTERVALS, as the worker reads it). */
  intervals?: ReadonlyMap<string, number>;
  now?: () => Date;
};

export type JobTimers = { stop(): Promise<void> };

export function startJobTimers(options: JobTimersOptions): JobTimers {
  const controller = new AbortController();
  const timers = new Set<NodeJS.Timeout>();
  const inFlight = new Set<Promise<void>>();
  const now = options.now ?? (() => clock.now());

  const schedule = (job: AnyJob, delayMs: number) => {
    if (controller.signal.aborted) return;
    const timer = setTimeout(() => {
      timers.delete(timer);
      const started = performance.now();
      const run = tick(job).finally(() => {
        inFlight.delete(run);
        const intervalMs = options.intervalMs ?? (options.intervals?.get(job.name) ?? job.schedule.everySeconds) * 1000;
        schedule(job, Math.max(0, intervalMs - (performance.now() - started)));
      });
      inFlight.add(run);
    }, delayMs);
    // Timers must not keep a CLI or test process alive on their own.
    timer.unref();
    timers.add(timer);
  };

  const tick = async (job: AnyJob) => {
    const started = performance.now();
    try {
      const { db } = await options.context();
      const ctx: JobContext = { db, now, signal: controller.signal, runner: "timers" };
      const result = await runExclusive(job.name, () => runJob(job, ctx, {}));
      if (result.ran) options.onRun?.(job, result.value, performance.now() - started);
      else options.onSkip?.(job);
    } catch (error) {
      options.onError?.(job, error);
    }
  };

  for (const job of options.jobs) schedule(job, options.initialDelayMs ?? 5000);

  return {
    async stop() {
      controller.abort();
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled([...inFlight]);
    },
  };
}
