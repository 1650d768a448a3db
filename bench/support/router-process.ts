/** Starts bench/support/simulator-process.ts as a child and answers its port, with a way to stop it; registers it as a tenant's router. */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { routers } from "@/lib/routers/schema";
import { encryptSecret } from "@/lib/core/crypto";
import type { Db } from "@/lib/db/types";

/** Node itself with tsx's loader, not `npx tsx`: a SIGTERM to npx leaves the simulator running and the benchmark waiting on its pipe. */
export async function startRouterProcess(args: string[] = []) {
  const child = spawn(process.execPath, ["--import", "tsx", "bench/support/simulator-process.ts", ...args], { stdio: ["ignore", "pipe", "inherit"] });
  const [line] = (await once(createInterface({ input: child.stdout! }), "line")) as [string];
  return { port: (JSON.parse(line) as { port: number }).port, stop: () => child.kill("SIGTERM") };
}

/** The simulated router as one of the tenant's routers, with the simulator's credentials. */
export async function insertBenchRouter(db: Db, { tenantId, port }: { tenantId: string; port: number }) {
  const [router] = await db
    .insert(routers)
    .values({ tenantId, name: "Bench-CCR", host: "127.0.0.1", apiPort: port, username: "bench", passwordEncrypted: encryptSecret("bench-pass") })
    .returning();
  return router;
}
