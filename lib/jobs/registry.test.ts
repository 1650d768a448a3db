import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { jobs, findJob } from "./registry";
import { queueExpirySeconds } from "./expiry";

const vercel = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../../vercel.json"), "utf8")) as { crons: { path: string; schedule: string }[] };

describe("job registry", () => {
  it("lists each job once, with a URL-safe name and an interval", () => {
    const names = jobs.map((job) => job.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toContain("poll-routers");
    for (const job of jobs) {
      expect(job.name).toMatch(/^[a-z][a-z0-9-]+$/);
      expect(job.schedule.everySeconds).toBeGreaterThanOrEqual(1);
      expect(findJob(job.name)).toBe(job);
    }
    expect(findJob("no-such-job")).toBeUndefined();
  });

  it("gives every job's queue an expiry pg-boss accepts (under 24 hours), whatever interval JOB_INTERVALS sets", () => {
    for (const seconds of [...jobs.map((job) => job.schedule.everySeconds), 1, 6 * 3600, 86_400, 7 * 86_400]) {
      const expiry = queueExpirySeconds(seconds);
      expect(expiry / 3600).toBeLessThan(24);
      expect(expiry).toBeGreaterThanOrEqual(60);
    }
    expect(queueExpirySeconds(300)).toBe(1200);
  });

  it("vercel.json schedules exactly the registered jobs, on their cron schedules", () => {
    const expected = jobs.map((job) => ({ path: `/api/cron/${job.name}`, schedule: job.schedule.cron })).sort((a, b) => a.path.localeCompare(b.path));
    expect([...vercel.crons].sort((a, b) => a.path.localeCompare(b.path))).toEqual(expected);
  });
});
