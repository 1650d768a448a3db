/*
 * A simulated router in its own process, so a benchmark's figures are the client's alone and the
 * simulator doesn't compete for the same event loop. Prints `{"port":N}` once listening; stops on SIGTERM.
 *
 *   tsx bench/support/simulator-process.ts [version]
 *
 * BENCH_LATENCY_MS (default 0) delays each command's reply by that much, as a link's round trip does; the
 * sentences of one reply then follow back to back, and commands in flight are delayed side by side.
 */
import { startSimulator } from "@/lib/routeros/simulator/server";

const simulator = await startSimulator({
  port: 0,
  host: "127.0.0.1",
  username: "bench",
  password: "bench-pass",
  version: process.argv[2] ?? "7.19.2",
  maxSessions: 100,
  faults: { commandDelayMs: Number(process.env.BENCH_LATENCY_MS ?? 0) },
});
process.stdout.write(`${JSON.stringify({ port: simulator.port })}\n`);
process.on("SIGTERM", () => {
  void simulator.stop().then(() => process.exit(0));
});
