/** Starts bench/support/simulator-process.ts as a child and answers its port, with a way to stop it. */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";

/** Node itself with tsx's loader, not `npx tsx`: a SIGTERM to npx leaves the simulator running and the benchmark waiting on its pipe. */
export async function startRouterProcess(args: string[] = []) {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/support/simulator-process.ts", ...args], { stdio: ["ignore", "pipe", "inherit"] });
  const [line] = (await once(createInterface({ input: child.stdout! }), "line")) as [string];
  return { port: (JSON.parse(line) as { port: number }).port, stop: () => child.kill("SIGTERM") };
}
