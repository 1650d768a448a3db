/*
 * "An event was queued, send it soon": called when a domain queues events, which happens inside the change's
 * transaction, so the rows are not visible until it commits. The sender therefore runs a few times in the background
 * (after 0.15 s, 1 s and 4 s; a new kick starts the rounds again), and each run sends what is due by then; a
 * transaction slower than that is picked up by the `webhooks-deliver` job. A round that finds nothing costs one
 * indexed query. WEBHOOKS_ON_CHANGE=false turns kicks off (database tests run the sender themselves; under vitest it
 * is off unless a test sets WEBHOOKS_ON_CHANGE=true).
 */
import "server-only";
import { logger } from "@/lib/core/logger";
import type { Db } from "@/lib/db/types";
import { sendDueWebhooks } from "./deliver";

const ROUND_DELAYS_MS = [150, 1000, 4000] as const;

type State = { running: Promise<void> | null; round: number };
const globalForWebhooks = globalThis as unknown as { netsphereWebhookKick?: State };
const state = (globalForWebhooks.netsphereWebhookKick ??= { running: null, round: 0 });

function kicksWanted(): boolean {
  const setting = process.env.WEBHOOKS_ON_CHANGE;
  if (setting === "false") return false;
  return setting === "true" || !process.env.VITEST;
}

async function appDb(): Promise<Db> {
  const { getDb } = await import("@/lib/db");
  return getDb();
}

/** Waits without keeping a finishing process (a script, a test run) alive. */
const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

/** Fire-and-forget: sends due deliveries in the background over the next few seconds, on the app's database. */
export function kickWebhooks(): void {
  if (!kicksWanted()) return;
  state.round = 0;
  if (state.running) return;
  state.running = (async () => {
    while (state.round < ROUND_DELAYS_MS.length) {
      await pause(ROUND_DELAYS_MS[state.round]);
      state.round += 1;
      try {
        await sendDueWebhooks(await appDb(), { budgetMs: 30_000 });
      } catch (error) {
        logger.warn({ err: error instanceof Error ? error.message : String(error) }, "background webhook send failed");
      }
    }
  })().finally(() => {
    state.running = null;
  });
}

/** Resolves when the background rounds started so far have finished (tests and shutdown). */
export async function drainWebhooks(): Promise<void> {
  while (state.running) await state.running;
}
