/**
 * `npm test`: every stage, with the independent ones side by side. The machine CI runs on has two cores and vitest
 * gives each run one worker there, so the embedded-database suite, the Postgres suite, the moved-clock suites and the
 * operator commands share the machine instead of waiting for each other; the browser tests run alone. Each stage's output is printed
 * whole when it ends; a failed group stops the run after its other stages finish.
 *
 *   npm test                 all stages
 *   npm test -- test:pg      only the named stages (in their usual order)
 */
import { spawn } from "node:child_process";

const GROUPS: string[][] = [["lint", "typecheck"], ["test:unit", "test:pg", "test:clock", "test:ops"], ["test:e2e"]];

type Outcome = { stage: string; code: number; seconds: number };

/** A stage alone streams its output; stages side by side keep theirs and print it whole when they end. */
function runStage(stage: string, alone: boolean): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    if (alone) process.stdout.write(`\n━━━━ ${stage} ━━━━\n`);
    const child = spawn("npm", ["run", "--silent", stage], {
      stdio: ["ignore", alone ? "inherit" : "pipe", alone ? "inherit" : "pipe"],
      env: process.env,
    });
    const output: Buffer[] = [];
    child.stdout?.on("data", (chunk: Buffer) => output.push(chunk));
    child.stderr?.on("data", (chunk: Buffer) => output.push(chunk));
    child.on("close", (code, signal) => {
      const seconds = (performance.now() - started) / 1000;
      const outcome = { stage, code: code ?? (signal ? 1 : 0), seconds };
      if (!alone) process.stdout.write(`\n━━━━ ${stage} ━━━━\n${Buffer.concat(output).toString()}`);
      process.stdout.write(`━━━━ ${stage}: ${outcome.code === 0 ? "passed" : `FAILED (exit ${outcome.code})`} in ${seconds.toFixed(0)} s ━━━━\n`);
      resolve(outcome);
    });
  });
}

const wanted = process.argv.slice(2);
const groups = wanted.length ? GROUPS.map((group) => group.filter((stage) => wanted.includes(stage))).filter((group) => group.length) : GROUPS;
const unknown = wanted.filter((stage) => !GROUPS.flat().includes(stage));
if (unknown.length) {
  console.error(`No such stage: ${unknown.join(", ")}. Stages: ${GROUPS.flat().join(", ")}`);
  process.exit(2);
}

const started = performance.now();
const done: Outcome[] = [];
for (const group of groups) {
  console.log(`\n▶ ${group.join(" + ")}${group.length > 1 ? " (side by side)" : ""}`);
  const outcomes = await Promise.all(group.map((stage) => runStage(stage, group.length === 1)));
  done.push(...outcomes);
  if (outcomes.some((outcome) => outcome.code !== 0)) break;
}
const minutes = (performance.now() - started) / 60_000;
console.log(`\nStages: ${done.map((o) => `${o.stage} ${o.code === 0 ? "ok" : "FAILED"} ${o.seconds.toFixed(0)} s`).join(" · ")}`);
const failed = done.filter((outcome) => outcome.code !== 0);
console.log(
  failed.length ? `Failed: ${failed.map((o) => o.stage).join(", ")} (${minutes.toFixed(1)} min)` : `All stages passed in ${minutes.toFixed(1)} min.`,
);
process.exit(failed.length ? 1 : 0);
