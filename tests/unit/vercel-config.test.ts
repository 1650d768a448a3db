import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { jobs, findJob } from "@/lib/jobs/registry";
import { jobsConfig } from "@/lib/jobs/config";
import { STOP_GRACE_MS } from "@/lib/jobs/concurrency";

/*
 * vercel.json as Vercel reads it (docs/DEPLOY.md): the crons call routes that exist and jobs that are registered, on
 * schedules the plan we document (Vercel Pro) accepts; the `functions` settings name files that exist (an exact path
 * matches itself in Vercel's builder, brackets and parentheses included; a pattern matching no file fails the
 * deployment) and agree with the `maxDuration` a route or page exports. lib/jobs/registry.test.ts holds each cron's
 * schedule to its job's.
 */
const root = path.resolve(import.meta.dirname, "../..");
type FunctionSettings = { maxDuration?: number; memory?: number };
const vercel = JSON.parse(fs.readFileSync(path.join(root, "vercel.json"), "utf8")) as {
  $schema?: string;
  crons: { path: string; schedule: string }[];
  functions?: Record<string, FunctionSettings>;
};

/** What each Vercel plan allows a cron (vercel.com/docs/cron-jobs/usage-and-pricing) and a function (…/functions/limitations). */
const PLANS = {
  hobby: { maxRunsPerDay: 1, maxCrons: 100, maxDurationSeconds: 300 },
  pro: { maxRunsPerDay: 24 * 60, maxCrons: 100, maxDurationSeconds: 300 },
} as const;
/** The plan docs/DEPLOY.md tells an ISP to use. 300 s is Pro's default ceiling; longer needs Fluid compute settings. */
const DOCUMENTED_PLAN = "pro" satisfies keyof typeof PLANS;

const FIELDS = [
  { name: "minute", min: 0, max: 59 },
  { name: "hour", min: 0, max: 23 },
  { name: "day of month", min: 1, max: 31 },
  { name: "month", min: 1, max: 12 },
  { name: "day of week", min: 0, max: 6 },
] as const;

/**
 * The values a field of a Vercel cron expression stands for: numbers, `*`, ranges, steps and lists; no names (MON,
 * JAN), no `L`, `W`, `#` or `?`, which Vercel refuses. Throws with the reason for anything else.
 */
export function cronField(text: string, field: (typeof FIELDS)[number]): Set<number> {
  const values = new Set<number>();
  for (const part of text.split(",")) {
    const match = /^(\*|(\d+)(?:-(\d+))?)(?:\/(\d+))?$/.exec(part);
    if (!match) throw new Error(`${field.name} "${part}" is not a number, range, step or *`);
    const [, , fromText, toText, stepText] = match;
    const from = fromText === undefined ? field.min : Number(fromText);
    const to = fromText === undefined ? field.max : toText === undefined ? (stepText === undefined ? from : field.max) : Number(toText);
    const step = stepText === undefined ? 1 : Number(stepText);
    if (from < field.min || to > field.max || from > to) throw new Error(`${field.name} "${part}" is outside ${field.min}-${field.max}`);
    if (step < 1) throw new Error(`${field.name} "${part}" has a step below 1`);
    for (let value = from; value <= to; value += step) values.add(value);
  }
  return values;
}

/** A Vercel cron expression, read: how often it runs on a day it runs at all, and whether it runs every day. */
export function readVercelCron(expression: string): { runsPerDay: number; everyDay: boolean } {
  const parts = expression.trim().split(/\s+/);
  if (parts.length !== 5) throw new Error(`"${expression}" needs 5 fields (minute hour day-of-month month day-of-week)`);
  const [minutes, hours] = [cronField(parts[0], FIELDS[0]), cronField(parts[1], FIELDS[1])];
  for (let i = 2; i < 5; i++) cronField(parts[i], FIELDS[i]);
  if (parts[2] !== "*" && parts[4] !== "*") throw new Error(`"${expression}" sets both day of month and day of week, which Vercel refuses`);
  return { runsPerDay: minutes.size * hours.size, everyDay: parts[2] === "*" && parts[3] === "*" && parts[4] === "*" };
}

/** The route file a request path reaches under app/, as Next.js resolves it: a folder of that name first, else a [param] folder. */
function routeFileFor(requestPath: string): string | undefined {
  let dir = path.join(root, "app");
  for (const segment of requestPath.split("/").filter(Boolean)) {
    const entries = fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }).filter((entry) => entry.isDirectory()) : [];
    const next = entries.find((entry) => entry.name === segment) ?? entries.find((entry) => /^\[[^.\]]+\]$/.test(entry.name));
    if (!next) return undefined;
    dir = path.join(dir, next.name);
  }
  const file = path.join(dir, "route.ts");
  return fs.existsSync(file) ? path.relative(root, file) : undefined;
}

/** The `export const maxDuration = N` of a route or page, if it has one (Next.js route segment config). */
function exportedMaxDuration(file: string): number | undefined {
  const match = /export const maxDuration\s*=\s*(\d+)/.exec(fs.readFileSync(path.join(root, file), "utf8"));
  return match ? Number(match[1]) : undefined;
}

describe("reading Vercel cron expressions", () => {
  it.each([
    ["* * * * *", 1440, true],
    ["*/5 * * * *", 288, true],
    ["5 16 * * *", 1, true],
    ["0 9 * * 1-5", 1, false],
    ["0,30 8-17 * * *", 20, true],
    ["0 0 1 * *", 1, false],
  ])("%s runs %i times on the days it runs (every day: %s)", (expression, runsPerDay, everyDay) => {
    expect(readVercelCron(expression)).toEqual({ runsPerDay, everyDay });
  });

  it.each([
    ["* * * *", /5 fields/],
    ["0 9 * * MON", /day of week "MON"/],
    ["60 * * * *", /outside 0-59/],
    ["0 24 * * *", /outside 0-23/],
    ["0 9 1 * 1", /both day of month and day of week/],
    ["0 9 L * *", /day of month "L"/],
    ["*/0 * * * *", /step below 1/],
  ])("refuses %s", (expression, reason) => {
    expect(() => readVercelCron(expression)).toThrow(reason);
  });
});

describe("vercel.json", () => {
  it("keeps its $schema, so editors check it as Vercel does", () => {
    expect(vercel.$schema).toBe("https://openapi.vercel.sh/vercel.json");
  });

  it("calls every cron at an existing route that answers GET, naming a registered job", () => {
    for (const cron of vercel.crons) {
      const name = /^\/api\/cron\/([a-z][a-z0-9-]*)$/.exec(cron.path)?.[1];
      expect(name, `${cron.path} is /api/cron/<job>`).toBeDefined();
      const file = routeFileFor(cron.path);
      expect(file, `a route file serves ${cron.path}`).toBeDefined();
      expect(fs.readFileSync(path.join(root, file!), "utf8")).toMatch(/export (async function|const) GET\b/);
      expect(findJob(name!), `${name} is in lib/jobs/registry.ts`).toBeDefined();
    }
  });

  it("schedules every registered job once, every day, as often as the documented plan allows", () => {
    const plan = PLANS[DOCUMENTED_PLAN];
    expect(vercel.crons.length).toBeLessThanOrEqual(plan.maxCrons);
    for (const job of jobs) {
      const entries = vercel.crons.filter((cron) => cron.path === `/api/cron/${job.name}`);
      expect(entries, `one cron for ${job.name}`).toHaveLength(1);
      const { runsPerDay, everyDay } = readVercelCron(entries[0].schedule);
      expect(runsPerDay, `${job.name} (${entries[0].schedule}) on Vercel ${DOCUMENTED_PLAN}`).toBeLessThanOrEqual(plan.maxRunsPerDay);
      expect(everyDay, `${job.name} runs every day`).toBe(true);
    }
  });

  it("needs Vercel Pro, which docs/DEPLOY.md says: Hobby refuses crons that run more than once a day", () => {
    const tooOftenForHobby = vercel.crons.filter((cron) => readVercelCron(cron.schedule).runsPerDay > PLANS.hobby.maxRunsPerDay);
    expect(tooOftenForHobby.length).toBeGreaterThan(0);
    expect(fs.readFileSync(path.join(root, "docs", "DEPLOY.md"), "utf8")).toContain("Vercel Pro");
  });

  it("sets functions only for route and page files that exist, within the plan's limit, agreeing with their own exports", () => {
    const functions = Object.entries(vercel.functions ?? {});
    expect(functions.length).toBeGreaterThan(0);
    for (const [file, settings] of functions) {
      expect(file, "an exact path under app/, no glob").toMatch(/^app\/[^*?{}]+\/(route\.ts|page\.tsx)$/);
      expect(fs.existsSync(path.join(root, file)), `${file} exists`).toBe(true);
      expect(Object.keys(settings).every((key) => key === "maxDuration" || key === "memory"), `${file}: maxDuration or memory only`).toBe(true);
      expect(Number.isInteger(settings.maxDuration) && settings.maxDuration! >= 1, `${file}: a whole number of seconds`).toBe(true);
      expect(settings.maxDuration!, file).toBeLessThanOrEqual(PLANS[DOCUMENTED_PLAN].maxDurationSeconds);
      const exported = exportedMaxDuration(file);
      if (exported !== undefined) expect(settings.maxDuration, `${file} exports maxDuration = ${exported}`).toBe(exported);
    }
  });

  it("gives the cron route time for a run's deadline and the wait for routers in hand", () => {
    const cronRoute = routeFileFor("/api/cron/any-job")!;
    const seconds = vercel.functions?.[cronRoute]?.maxDuration;
    expect(seconds, `${cronRoute} has a maxDuration`).toBeDefined();
    expect(seconds!).toBeGreaterThanOrEqual(jobsConfig({} as NodeJS.ProcessEnv).CRON_DEADLINE_SECONDS + STOP_GRACE_MS / 1000);
  });
});
