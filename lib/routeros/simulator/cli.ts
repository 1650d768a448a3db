/*
 * Starts simulated routers for local demos: `tsx lib/routeros/simulator/cli.ts --routers 3 --base-port 18728`.
 * The defaults match the demo seed (lib/db/seed.ts): 127.0.0.1, ports 18728–18730, user `netsphere`,
 * passwords `demo-router-1..N`.
 */
import { parseArgs } from "node:util";
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
      "base-port": { type: "string", default: "18728" },
    },
  });
  const routerCount = positiveInteger(values.routers, "routers");
  const basePort = positiveInteger(values["base-port"], "base-port");

  const demo = await startDemoRouters({ count: routerCount, basePort });
  const rows = demo.routers.map((r) => [r.identity, String(r.port), r.username, r.password, r.version]);

  const header = ["name", "port", "user", "password", "version"];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join("  ");
  console.log(`RouterOS API simulator on 127.0.0.1 (Ctrl+C to stop)\n\n${line(header)}\n${widths.map((width) => "-".repeat(width)).join("  ")}`);
  for (const row of rows) console.log(line(row));

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
