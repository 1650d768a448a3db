/*
 * Starts simulated routers for local demos: `tsx lib/routeros/simulator/cli.ts --routers 3 --base-port 18728`,
 * plus api-ssl and REST listeners with `--tls-base-port 28729 --rest-base-port 28443`, and the loopback control
 * endpoint for end-to-end tests with `--control-port 18799` (or SIMULATOR_CONTROL_PORT), and `/radius/incoming`
 * (CoA, Disconnect; UDP) on fixed ports with `--radius-incoming-base-port 13799` (random ports otherwise).
 * The defaults match the demo seed (lib/db/seed.ts): 127.0.0.1, ports 18728–18730, user `netsphere`,
 * passwords `demo-router-1..N`.
 */
import { parseArgs } from "node:util";
import { controlPortFromEnv } from "./control";
import { startDemoRouters } from "./demo-routers";

function positiveInteger(text: string, option: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1 || value > 65_535) throw new Error(`--${option} must be a positive integer, got "${text}"`);
  return value;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      routers: { type: "string", default: "3" },
      "base-port": { type: "string", default: process.env.DEMO_ROUTER_PORT_BASE || "18728" },
      "tls-base-port": { type: "string" },
      "rest-base-port": { type: "string" },
      "control-port": { type: "string" },
      "radius-incoming-base-port": { type: "string" },
    },
  });
  const routerCount = positiveInteger(values.routers, "routers");
  const basePort = positiveInteger(values["base-port"], "base-port");
  const optionalPort = (option: "tls-base-port" | "rest-base-port" | "control-port" | "radius-incoming-base-port") => {
    const text = values[option];
    return text === undefined ? undefined : positiveInteger(text, option);
  };

  const demo = await startDemoRouters({
    count: routerCount,
    basePort,
    tlsBasePort: optionalPort("tls-base-port"),
    restBasePort: optionalPort("rest-base-port"),
    controlPort: optionalPort("control-port") ?? controlPortFromEnv(),
    radiusIncomingBasePort: optionalPort("radius-incoming-base-port"),
  });
  const rows = demo.routers.map((r) => [
    r.identity,
    String(r.port),
    String(r.tlsPort ?? "-"),
    String(r.restPort ?? "-"),
    r.username,
    r.password,
    r.version,
    String(r.radiusIncomingPort ?? "-"),
  ]);

  const header = ["name", "api", "api-ssl", "rest", "user", "password", "version", "radius-incoming"];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join("  ");
  console.log(`RouterOS API simulator on 127.0.0.1 (Ctrl+C to stop)\n\n${line(header)}\n${widths.map((width) => "-".repeat(width)).join("  ")}`);
  for (const row of rows) console.log(line(row));
  if (demo.routers.some((router) => router.tlsPort !== undefined || router.restPort !== undefined)) {
    console.log(`\nTLS certificate SHA-256 (pin it): ${demo.routers[0].certificateFingerprint}`);
  }
  if (demo.controlPort !== undefined) console.log(`\nControl endpoint (loopback only): http://127.0.0.1:${demo.controlPort}/routers`);

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    await demo.stop();
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
