/*
 * The live incident stream behind the staff banner and the dashboard card (Server-Sent Events): the summary at
 * once, again whenever an incident of the ISP changes in this process, or (checked every few seconds on the
 * server) when the newest `updated_at` moved because another process changed one. The browser only listens.
 */
import "server-only";
import type { DbOrTx } from "@/lib/db/types";
import { logger } from "@/lib/core/logger";
import { onIncidentChange } from "./live";
import { incidentStreamSummary, lastIncidentChange } from "./queries";

export type IncidentStreamOptions = { checkEveryMs?: number; heartbeatMs?: number };

const encoder = new TextEncoder();

/** `summary` events ({ open, bySeverity, newest }) and `: keep-alive` comments until `signal` aborts. */
export function incidentEventStream(
  db: DbOrTx,
  tenantId: string,
  signal: AbortSignal,
  options: IncidentStreamOptions = {},
): ReadableStream<Uint8Array> {
  const { checkEveryMs = 5_000, heartbeatMs = 20_000 } = options;
  let stop = () => {};
  return new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      let lastSeen = -1;
      let sending: Promise<void> | null = null;
      let again = false;
      const write = (text: string) => {
        if (!closed) controller.enqueue(encoder.encode(text));
      };
      // One summary at a time; a change during a send asks for one more after it.
      const send = () => {
        if (closed) return;
        if (sending) {
          again = true;
          return;
        }
        sending = (async () => {
          try {
            const [changedAt, summary] = await Promise.all([lastIncidentChange(db, { tenantId }), incidentStreamSummary(db, { tenantId })]);
            lastSeen = changedAt;
            write(`event: summary\ndata: ${JSON.stringify(summary)}\n\n`);
          } catch (error) {
            if (!closed) logger.warn({ err: error, tenantId }, "incident stream could not read the summary");
          } finally {
            sending = null;
            if (again) {
              again = false;
              send();
            }
          }
        })();
      };
      const check = async () => {
        if (closed || sending) return;
        try {
          if ((await lastIncidentChange(db, { tenantId })) !== lastSeen) send();
        } catch (error) {
          if (!closed) logger.warn({ err: error, tenantId }, "incident stream could not check for changes");
        }
      };
      const unsubscribe = onIncidentChange(tenantId, send);
      const poll = setInterval(() => void check(), checkEveryMs);
      const heartbeat = setInterval(() => write(": keep-alive\n\n"), heartbeatMs);
      stop = () => {
        if (closed) return;
        closed = true;
        unsubscribe();
        clearInterval(poll);
        clearInterval(heartbeat);
        signal.removeEventListener("abort", stop);
        try {
          controller.close();
        } catch {
          // Already closed by the reader going away.
        }
      };
      if (signal.aborted) return stop();
      signal.addEventListener("abort", stop, { once: true });
      write("retry: 5000\n\n");
      send();
    },
    cancel() {
      stop();
    },
  });
}
