/*
 * "A message was queued, send it now": called after the transaction that queued it commits. Runs the sender
 * in the background at once, coalescing bursts: while a run is going, further kicks fold into one follow-up
 * run. The `send-notifications` job is the safety net for anything a stopped process never got to.
 * NOTIFY_ON_CHANGE=false turns kicks off (database tests run the sender themselves; under vitest it is off
 * unless a test sets NOTIFY_ON_CHANGE=true).
 */
import "server-only";
import { logger } from "@/lib/core/logger";
import type { Db } from "@/lib/db/types";
import { sendDueNotifications } from "./outbox";

type State = { running: Promise<void> | null; again: boolean; db: Db | null };
const globalForOutbox = globalThis as unknown as { netsphereOutboxKick?: State };
const state = (globalForOutbox.netsphereOutboxKick ??= { running: null, again: false, db: null });

function kicksWanted(): boolean {
  const setting = process.env.NOTIFY_ON_CHANGE;
  if (setting === "false") return false;
  return setting === "true" || !process.env.VITEST;
}

async function appDb(): Promise<Db> {
  const { getDb } = await import("@/lib/db");
  return getDb();
}

/** Fire-and-forget: sends what is due in the background; without `db`, on the app's database. */
export function kickOutbox(db?: Db): void {
  if (!kicksWanted()) return;
  if (db) state.db = db;
  if (state.running) {
    state.again = true;
    return;
  }
  state.running = (async () => {
    do {
      state.again = false;
      try {
        await sendDueNotifications(state.db ?? (await appDb()), { budgetMs: 30_000 });
      } catch (error) {
        logger.warn({ err: error instanceof Error ? error.message : String(error) }, "background notification send failed");
      }
    } while (state.again);
  })().finally(() => {
    state.running = null;
    state.db = null;
  });
}

/** Resolves when the background send started so far has finished (tests and shutdown). */
export async function drainOutbox(): Promise<void> {
  while (state.running) await state.running;
}
