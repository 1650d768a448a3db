import { getConnection } from "@/lib/db";
import { prepareDatabase } from "@/lib/db/prepare";
import { alignDemoRouterPorts, seedDemo, demoLogins, demoPortalLine, DEMO_PASSWORD } from "@/lib/db/seed";
import { env } from "@/lib/core/env";
import { logger } from "@/lib/core/logger";
import { failInterruptedImports } from "@/lib/imports/service";
import { startInProcessJobs } from "@/lib/jobs/in-process";

/** Migrates at start-up; the embedded database also gets the demo ISP the first time. */
export async function startDatabase() {
  const connection = await getConnection();
  await prepareDatabase(connection);
  await failInterruptedImports(connection.db, { olderThanMinutes: connection.driver === "pglite" ? 0 : 30 });
  if (connection.driver !== "pglite" || env().SEED_DEMO !== "true") {
    logger.info(startInProcessJobs(connection));
    return;
  }
  const seeded = await seedDemo(connection.db);
  if (env().DEMO_ROUTERS === "true") await alignDemoRouterPorts(connection.db, env().DEMO_ROUTER_PORT_BASE);
  const routersLine = await startEmbeddedDemoRouters();
  const jobsLine = startInProcessJobs(connection);
  // The sign-in details come last, so they are what stays on screen.
  const lines = [
    "",
    `NetSphere is running on the embedded database (${env().DATA_DIR}/pglite)${seeded ? "; demo ISP seeded" : ""}.`,
    routersLine,
    jobsLine,
    "The first billing and dunning pass runs now: overdue demo subscribers are suspended and their reminders and notices",
    `go to the Dev mailbox in the app${env().SMTP_URL ? " (SMTP_URL is set: they are sent by email)" : " (no SMTP_URL: nothing leaves this machine)"}.`,
    "",
    `Open ${env().APP_URL} and sign in with (password ${DEMO_PASSWORD}):`,
    ...demoLogins.map((l) => `  ${l.role.padEnd(18)} ${l.email}`),
    "Owners, admins and the operator enrol two-factor authentication at first sign-in.",
    await demoPortalLine(connection.db),
    "",
  ];

  logger.info({ seeded }, "embedded database ready");
  console.log(lines.join("\n"));
}

/**
 * The demo's routers answer on 127.0.0.1 from DEMO_ROUTER_PORT_BASE (default 18728–18730, simulated), so router pages
 * work out of the box. With DEMO_ROUTERS=false nothing starts and the demo's routers are never contacted.
 */
async function startEmbeddedDemoRouters(): Promise<string> {
  const base = env().DEMO_ROUTER_PORT_BASE;
  if (env().DEMO_ROUTERS !== "true") return "Simulated demo routers are off (DEMO_ROUTERS=false): the demo's routers are not contacted.";
  const globalForRouters = globalThis as unknown as { netsphereDemoRouters?: boolean };
  if (globalForRouters.netsphereDemoRouters) return "Simulated demo routers are running.";
  try {
    const { startDemoRouters } = await import("@/lib/routeros/simulator/demo-routers");
    const { controlPortFromEnv } = await import("@/lib/routeros/simulator/control");
    // SIMULATOR_CONTROL_PORT (unset = off) lets end-to-end tests take these routers or their ports down over 127.0.0.1.
    const demo = await startDemoRouters({ basePort: base, controlPort: controlPortFromEnv() });
    globalForRouters.netsphereDemoRouters = true;
    const control = demo.controlPort === undefined ? "" : ` Simulator control on http://127.0.0.1:${demo.controlPort}.`;
    return `Simulated MikroTik routers: ${demo.routers.map((r) => `${r.identity} 127.0.0.1:${r.port}`).join(", ")}.${control}`;
  } catch (error) {
    logger.warn({ err: error }, "demo routers not started");
    return `Simulated demo routers could not start (ports ${base}–${base + 2} in use? Set DEMO_ROUTER_PORT_BASE); router tests will show them offline.`;
  }
}
