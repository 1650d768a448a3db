/*
 * Starts simulated routers for local demos: `tsx lib/routeros/simulator/cli.ts --routers 3 --base-port 18728`.
 * The defaults match the demo seed (lib/db/seed.ts): 127.0.0.1, ports 18728–18730, user `netsphere`,
 * passwords `demo-router-1..N`.
 */
import { parseArgs } from "node:util";
import { seedDemoRouter } from "./demo-seed";
import { startSimulator, type RunningSimulator } from "./server";
import { tick } from "./sessions";

const demoVersions = ["7.19.2", "7.16.1", "6.49.10"];
const demoIdentities = ["Tanauan-CCR1", "Lipa-CCR2", "Santo-CCR3"];

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

  const running: RunningSimulator[] = [];
  const rows: string[][] = [];
  for (let index = 0; index < routerCount; index += 1) {
    const version = demoVersions[index % demoVersions.length];
    const identity = demoIdentities[index] ?? `Sim-CCR${index + 1}`;
    const password = `demo-router-${index + 1}`;
    const simulator = await startSimulator({
      port: basePort + index,
      username: "netsphere",
      password,
      version,
      // Kicked demo customers come back after a few seconds, on their new profile.
      router: { identity, boardName: "CCR2004-1G-12S+2XS", reconnectAfterSeconds: 5 },
    });
    seedDemoRouter(simulator.state, index + 1);
    running.push(simulator);
    rows.push([identity, String(simulator.port), "netsphere", password, version]);
  }

  // Counters and uptimes move once a second, like a live router.
  const ticker = setInterval(() => {
    for (const simulator of running) tick(simulator.state, 1);
  }, 1000);

  const header = ["name", "port", "user", "password", "version"];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join("  ");
  console.log(`RouterOS API simulator on 127.0.0.1 (Ctrl+C to stop)\n\n${line(header)}\n${widths.map((width) => "-".repeat(width)).join("  ")}`);
  for (const row of rows) console.log(line(row));

  let stopping = false;
  const shutdown = async () => {
    if (stopping) return;
    stopping = true;
    clearInterval(ticker);
    await Promise.all(running.map((simulator) => simulator.stop()));
    process.exit(0);
  };
  process.on("SIGINT", () => void shutdown());
  process.on("SIGTERM", () => void shutdown());
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
