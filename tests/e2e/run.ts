/**
 * E2E runner: builds the app, checks the first-load JavaScript budget (tests/budget/first-load.ts), starts it with `next start` on a fresh embedded database in a temp
 * directory (the demo ISP is seeded on first start), runs Playwright against it, and stops it.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

const port = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://127.0.0.1:${port}`;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "netsphere-e2e-"));
const env = {
  ...process.env,
  DATA_DIR: dataDir,
  APP_URL: baseURL,
  ENCRYPTION_SECRET: "e2e-encryption-secret-0123456789abcdef",
  BETTER_AUTH_SECRET: "e2e-auth-secret-0123456789abcdef012345",
  NEXT_TELEMETRY_DISABLED: "1",
  LOG_LEVEL: "warn",
  // Every test signs in from 127.0.0.1; the limit itself is not what these tests check (the lockout test is).
  AUTH_SIGN_IN_PER_MINUTE: "200",
  // The incident test takes a demo router down through the simulator's loopback control endpoint, and waits
  // for polls every 5 s rather than 30.
  SIMULATOR_CONTROL_PORT: String(port + 15_500),
  JOB_INTERVALS: "poll-routers=5,escalate-incidents=10,quota-evaluate=5",
  // The data-cap test counts each whole minute as soon as it ends.
  QUOTA_COUNT_LAG_SECONDS: "0",
  // The online-payment test's gateway is a loopback fake started by the test itself.
  OUTBOUND_ALLOWED_HOSTS: "127.0.0.1",
  // Custom portal domains are verified against a loopback DNS stand-in the white-label test starts (tests/e2e/support/dns.ts).
  DNS_SERVERS: `127.0.0.1:${port + 16_500}`,
};

function run(cmd: string, args: string[], extraEnv: Record<string, string> = {}) {
  const result = spawnSync(cmd, args, { stdio: "inherit", env: { ...env, ...extraEnv } });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

async function waitForServer(server: ChildProcess) {
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`server exited with ${server.exitCode}`);
    try {
      const res = await fetch(`${baseURL}/sign-in`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error("server did not start in 120 s");
}

// Types are checked by `npm test`'s typecheck stage, before this one; the build here skips its own copy of that check.
if (!process.env.E2E_SKIP_BUILD) run("npx", ["next", "build"], { NETSPHERE_E2E_BUILD: "1" });
// The first-load JavaScript budget reads the build just made; its verdict joins the browser tests' at the end.
const budget = spawnSync("npx", ["tsx", "tests/budget/first-load.ts"], { stdio: "inherit", env }).status ?? 1;
const server = spawn("npx", ["next", "start", "-p", String(port), "-H", "127.0.0.1"], {
  env,
  stdio: ["ignore", "inherit", "inherit"],
  detached: true,
});
let code = 1;
try {
  await waitForServer(server);
  const result = spawnSync("npx", ["playwright", "test", "--config", "tests/e2e/playwright.config.ts", ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...env, E2E_BASE_URL: baseURL, E2E_STATE_DIR: dataDir },
  });
  code = (result.status ?? 1) || budget;
} finally {
  try {
    process.kill(-server.pid!, "SIGTERM");
  } catch {
    // already stopped
  }
  await new Promise((r) => setTimeout(r, 1000));
  fs.rmSync(dataDir, { recursive: true, force: true });
}
process.exit(code);
