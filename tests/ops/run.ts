/**
 * The operator's commands, as the README writes them, on a fresh Postgres database: `npm run db:migrate`,
 * `npm run db:seed` (twice: the second finds the demo and does nothing) and `npm run worker` (it must start,
 * say so, and stop cleanly on SIGTERM); then `npm run db:migrate` again on a database set up like a Supabase
 * project's (supabase.ts). A script that only works on the embedded database, or a worker that cannot start on a
 * database it did not create, fails here before an operator finds it.
 *
 *   npm run test:ops        (TEST_DATABASE_URL names the server; default postgres://postgres@127.0.0.1:5432/test)
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { runSupabaseChecks } from "./supabase";

const adminUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const database = `ns_ops_${process.pid}`;
const databaseUrl = (() => {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
})();

const env: NodeJS.ProcessEnv = {
  ...process.env,
  DATABASE_URL: databaseUrl,
  ENCRYPTION_SECRET: randomBytes(48).toString("base64url"),
  BETTER_AUTH_SECRET: randomBytes(48).toString("base64url"),
  // The seeded demo routers are never contacted: another instance's simulated routers may be listening on their ports.
  DEMO_ROUTERS: "false",
  LOG_LEVEL: "info",
  NODE_ENV: "production",
};

const failures: string[] = [];
function check(ok: boolean, what: string, output = "") {
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  if (!ok) failures.push(`${what}\n${output.slice(-3000)}`);
}

function npmRun(script: string, extraEnv: Record<string, string> = {}) {
  const started = performance.now();
  const result = spawnSync("npm", ["run", "--silent", script], { env: { ...env, ...extraEnv }, encoding: "utf8", timeout: 180_000 });
  const output = `${result.stdout}\n${result.stderr}`;
  return { status: result.status, output, seconds: (performance.now() - started) / 1000 };
}

/** Starts `npm run worker`, waits for its "worker started" line, then stops it with SIGTERM. */
async function startAndStopWorker(): Promise<{ started: boolean; output: string; startSeconds: number; stoppedBySignal: boolean; stopSeconds: number }> {
  const child = spawn("npm", ["run", "--silent", "worker"], { env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const began = performance.now();
  let startSeconds = Number.NaN;
  const started = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), 90_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('"msg":"worker started"')) {
        startSeconds = (performance.now() - began) / 1000;
        clearTimeout(timer);
        resolve(true);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("exit", () => {
      clearTimeout(timer);
      resolve(false);
    });
  });
  // SIGTERM to the worker's own process (its pid is in the "worker started" line), as a service manager stops a
  // worker it runs directly; then up to 45 s for it to finish its jobs in hand and say so.
  const pid = Number(/"pid":(\d+)[^\n]*"msg":"worker started"/.exec(output)?.[1]);
  if (pid) process.kill(pid, "SIGTERM");
  const signalled = performance.now();
  const groupAlive = () => {
    try {
      process.kill(-child.pid!, 0);
      return true;
    } catch {
      return false;
    }
  };
  const deadline = performance.now() + 45_000;
  while (performance.now() < deadline && groupAlive() && !output.includes('"msg":"worker stopped"')) {
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
  // (A process that has exited but not been reaped still counts as alive here, so the worker's own word decides.)
  const stoppedBySignal = output.includes('"msg":"worker stopped"');
  const stopSeconds = (performance.now() - signalled) / 1000;
  if (groupAlive()) process.kill(-child.pid!, "SIGKILL"); // nothing of the group may outlive the check
  return { started, output, startSeconds, stoppedBySignal, stopSeconds };
}

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS ${database}`);
await admin.query(`CREATE DATABASE ${database}`);
try {
  const migrate = npmRun("db:migrate");
  check(migrate.status === 0 && migrate.output.includes("Migrations applied"), `npm run db:migrate (${migrate.seconds.toFixed(1)} s)`, migrate.output);

  const seed = npmRun("db:seed");
  check(seed.status === 0 && seed.output.includes("Demo ISP seeded."), `npm run db:seed (${seed.seconds.toFixed(1)} s)`, seed.output);
  const reseed = npmRun("db:seed");
  check(reseed.status === 0 && reseed.output.includes("already present"), "npm run db:seed again finds the demo and changes nothing", reseed.output);

  const worker = await startAndStopWorker();
  check(worker.started, `npm run worker starts (${worker.startSeconds.toFixed(1)} s to "worker started")`, worker.output);
  check(worker.stoppedBySignal, `npm run worker finishes its jobs in hand and stops on SIGTERM within 45 s (${worker.stopSeconds.toFixed(1)} s)`, worker.output);
} finally {
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.end();
}

// The same migrations on a database set up like a Supabase project's (docs/DEPLOY.md): tests/ops/supabase.ts.
await runSupabaseChecks(check, adminUrl);

if (failures.length) {
  console.error(`\n${failures.length} operator command(s) failed:\n\n${failures.join("\n\n")}`);
  process.exit(1);
}
console.log("\nEvery operator command worked on a fresh Postgres database.");
