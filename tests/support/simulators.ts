/*
 * For database tests that drive simulated routers: the file's test database, and the simulators its tests start
 * (push them onto `sims`), all stopped and closed after the file.
 */
import { afterAll, beforeAll } from "vitest";
import type { Connection } from "@/lib/db/connect";
import type { RunningSimulator } from "@/lib/routeros/simulator/server";
import { createTestDatabase } from "./db";

export function databaseWithSimulators(): { readonly conn: Connection; sims: RunningSimulator[] } {
  let conn: Connection | undefined;
  const sims: RunningSimulator[] = [];
  beforeAll(async () => {
    conn = await createTestDatabase();
  });
  afterAll(async () => {
    await Promise.all(sims.map((sim) => sim.stop()));
    await conn?.close();
  });
  return {
    get conn() {
      if (!conn) throw new Error("the test database is made in beforeAll");
      return conn;
    },
    sims,
  };
}
