import { describe, expect, it } from "vitest";
import { z } from "zod";
import type { Db } from "@/lib/db/types";
import { defineJob, runJob, type JobContext } from "./define";
import { isRunning, runExclusive } from "./exclusive";
import { jobIntervals } from "./config";
import { startJobTimers } from "./timers";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const db = {} as Db;
const ctx = (): JobContext => ({ db, now: () => new Date(), signal: new AbortController().signal, runner: "test" });

/** A job that records how many of its runs overlap, and keeps a set so a rerun changes nothing. */
function slowJob(name: string, runMs: number) {
  const seen = new Set<string>();
  const stats = { runs: 0, active: 0, maxActive: 0 };
  const job = defineJob({
    name,
    description: "test job",
    payload: z.object({ item: z.string().default("a") }),
    schedule: { everySeconds: 1, cron: "* * * * *" },
    async run(_ctx, { item }) {
      stats.runs += 1;
      stats.active += 1;
      stats.maxActive = Math.max(stats.maxActive, stats.active);
      await sleep(runMs);
      seen.add(item);
      stats.active -= 1;
      return { items: seen.size };
    },
  });
  return { job, stats, seen };
}

describe("defineJob and runJob", () => {
  it("refuses names that can't be a URL segment or a queue name", () => {
    expect(() => slowJob("Poll Routers", 1)).toThrow(/lower case/);
    expect(() => slowJob("poll-routers", 1)).not.toThrow();
  });

  it("parses the payload before running: bad input never reaches the job", async () => {
    const { job, stats } = slowJob("parse-test", 1);
    await expect(runJob(job, ctx(), { item: 42 })).rejects.toThrow();
    expect(stats.runs).toBe(0);
    await expect(runJob(job, ctx(), undefined)).resolves.toEqual({ items: 1 });
  });

  it("running an idempotent job twice leaves the same result", async () => {
    const { job, seen } = slowJob("idempotent-test", 1);
    const first = await runJob(job, ctx(), { item: "router-1" });
    const second = await runJob(job, ctx(), { item: "router-1" });
    expect(second).toEqual(first);
    expect([...seen]).toEqual(["router-1"]);
  });
});

describe("runExclusive", () => {
  it("does not start a second run of a job while the first is going, and allows one afterwards", async () => {
    const { job, stats } = slowJob("exclusive-test", 50);
    const first = runExclusive(job.name, () => runJob(job, ctx(), {}));
    expect(isRunning(job.name)).toBe(true);
    expect(await runExclusive(job.name, () => runJob(job, ctx(), {}))).toEqual({ ran: false });
    expect(await first).toEqual({ ran: true, value: { items: 1 } });
    expect(isRunning(job.name)).toBe(false);
    expect((await runExclusive(job.name, () => runJob(job, ctx(), {}))).ran).toBe(true);
    expect(stats.maxActive).toBe(1);
  });

  it("frees the key when a run fails", async () => {
    await expect(runExclusive("failing-test", () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(isRunning("failing-test")).toBe(false);
  });
});

describe("in-process timers", () => {
  it("never overlap runs of one job, even when a run outlasts the interval", async () => {
    const { job, stats } = slowJob("timer-overlap-test", 60);
    const timers = startJobTimers({ jobs: [job], context: async () => ({ db }), initialDelayMs: 0, intervalMs: 10 });
    await sleep(400);
    await timers.stop();
    expect(stats.runs).toBeGreaterThanOrEqual(3);
    expect(stats.maxActive).toBe(1);
  });

  it("take a job's interval from JOB_INTERVALS when it names the job, and its schedule otherwise", async () => {
    const scheduled = slowJob("timer-schedule-test", 1);
    const named = slowJob("timer-interval-test", 1);
    const timers = startJobTimers({
      jobs: [scheduled.job, named.job],
      context: async () => ({ db }),
      initialDelayMs: 0,
      intervals: jobIntervals({ JOB_INTERVALS: "timer-interval-test=60" }),
    });
    await sleep(2_300);
    await timers.stop();
    // The job's own schedule says every second; JOB_INTERVALS holds the named one to every minute: one run so far.
    expect(scheduled.stats.runs).toBeGreaterThanOrEqual(2);
    expect(named.stats.runs).toBe(1);
  });

  it("skips a tick while the same job runs elsewhere in the process (e.g. a cron call)", async () => {
    const { job, stats } = slowJob("timer-skip-test", 5);
    const skipped: string[] = [];
    const outside = runExclusive(job.name, () => sleep(150));
    const timers = startJobTimers({
      jobs: [job],
      context: async () => ({ db }),
      initialDelayMs: 0,
      intervalMs: 20,
      onSkip: (j) => skipped.push(j.name),
    });
    await sleep(100);
    expect(stats.runs).toBe(0);
    expect(skipped.length).toBeGreaterThan(0);
    await outside;
    await sleep(100);
    await timers.stop();
    expect(stats.runs).toBeGreaterThan(0);
  });

  it("stop() waits for the run in hand and starts no new one", async () => {
    const { job, stats } = slowJob("timer-stop-test", 80);
    const timers = startJobTimers({ jobs: [job], context: async () => ({ db }), initialDelayMs: 0, intervalMs: 10 });
    await sleep(20);
    expect(stats.active).toBe(1);
    await timers.stop();
    expect(stats.active).toBe(0);
    const runs = stats.runs;
    await sleep(100);
    expect(stats.runs).toBe(runs);
  });

  it("reports a failing run and keeps the schedule going", async () => {
    let calls = 0;
    const job = defineJob({
      name: "timer-error-test",
      description: "fails",
      payload: z.object({}),
      schedule: { everySeconds: 1, cron: "* * * * *" },
      async run() {
        calls += 1;
        throw new Error("router exploded");
      },
    });
    const errors: unknown[] = [];
    const timers = startJobTimers({
      jobs: [job],
      context: async () => ({ db }),
      initialDelayMs: 0,
      intervalMs: 10,
      onError: (_job, error) => errors.push(error),
    });
    await sleep(100);
    await timers.stop();
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(errors.length).toBe(calls);
  });
});

describe("runExclusive with a lease", () => {
  it("frees the key once the lease is over, so a run that never ends (a cut-off cron call) does not block the next", async () => {
    const never = new Promise<never>(() => {});
    void runExclusive("lease-test", () => never, { leaseMs: 40 });
    expect(await runExclusive("lease-test", async () => 1, { leaseMs: 40 })).toEqual({ ran: false });
    await sleep(60);
    expect(isRunning("lease-test")).toBe(false);
    expect(await runExclusive("lease-test", async () => 2, { leaseMs: 40 })).toEqual({ ran: true, value: 2 });
  });
});
