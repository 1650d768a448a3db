/*
 * Settings for the few reads that aggregate millions of traffic rows (top talkers, the plan distribution, the 95th
 * percentile), for their transaction only. JIT compilation cost 0.4–0.8 s per run of these statements in the
 * analytics benchmark, more than it saved; and the default 4 MB of work memory made the per-subscriber sums of
 * 100,000 subscribers spill to disk in 21 batches.
 */
import "server-only";
import { sql } from "drizzle-orm";
import type { Db, DbOrTx } from "@/lib/db/types";

export async function withHeavyReadSettings<T>(db: DbOrTx, run: (tx: DbOrTx) => Promise<T>): Promise<T> {
  return (db as Db).transaction(async (tx) => {
    await tx.execute(sql`select set_config('jit', 'off', true), set_config('work_mem', '64MB', true)`);
    return run(tx);
  });
}
