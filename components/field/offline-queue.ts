/*
 * The technician's outbox on the phone: work-log entries (and their photos) are written here first and
 * sent when there is signal. IndexedDB keeps them across reloads and a closed browser; an entry leaves
 * the queue only once the server has it (a repeated send is harmless: the server stores each id once).
 */
import { createStore, del, entries, set, type UseStore } from "idb-keyval";
import type { WorkLogInput } from "@/lib/tickets/work-log-rules";

export type QueuedPhoto = { clientId: string; name: string; type: string; blob: Blob };
export type QueuedWorkLog = {
  clientId: string;
  ticketId: string;
  ticketLabel: string;
  entry: WorkLogInput;
  photos: QueuedPhoto[];
  /** Set when the server refused the entry (not a connection problem): it will not be retried by itself. */
  rejected?: string;
};

export const QUEUE_EVENT = "netsphere:field-queue";

let store: UseStore | null = null;
const queueStore = () => (store ??= createStore("netsphere-field", "work-logs"));
const announce = () => window.dispatchEvent(new Event(QUEUE_EVENT));

export async function queueWorkLog(item: QueuedWorkLog): Promise<void> {
  await set(item.clientId, item, queueStore());
  announce();
}

export async function queuedWorkLogs(): Promise<QueuedWorkLog[]> {
  const all = await entries<string, QueuedWorkLog>(queueStore());
  return all.map(([, value]) => value).sort((a, b) => a.entry.recordedAt.localeCompare(b.entry.recordedAt));
}

export async function discardWorkLog(clientId: string): Promise<void> {
  await del(clientId, queueStore());
  announce();
}

type Outcome = "sent" | "offline" | "rejected";

async function errorMessage(response: Response) {
  const body = (await response.json().catch(() => null)) as { message?: string; fieldErrors?: Record<string, string[]> } | null;
  const fields = Object.entries(body?.fieldErrors ?? {}).map(([field, messages]) => `${field}: ${messages.join(", ")}`);
  return [body?.message ?? `The server answered ${response.status}.`, ...fields].join(" ");
}

/** Server errors and lost connections are retried later; a 4xx means the entry itself is wrong. */
async function send(input: RequestInfo, init: RequestInit): Promise<{ outcome: Outcome; message?: string }> {
  let response: Response;
  try {
    response = await fetch(input, init);
  } catch {
    return { outcome: "offline" };
  }
  if (response.ok) return { outcome: "sent" };
  if (response.status >= 500 || response.status === 408 || response.status === 429) return { outcome: "offline" };
  return { outcome: "rejected", message: await errorMessage(response) };
}

async function sendOne(item: QueuedWorkLog): Promise<Outcome> {
  const entry = await send("/api/field/work-logs", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(item.entry),
  });
  if (entry.outcome !== "sent") return markRejected(item, entry);
  for (const photo of [...item.photos]) {
    const body = new FormData();
    body.set("photoClientId", photo.clientId);
    body.set("file", new File([photo.blob], photo.name, { type: photo.type }));
    const result = await send(`/api/field/work-logs/${item.clientId}/photos`, { method: "POST", body });
    if (result.outcome !== "sent") return markRejected(item, result);
    // Keep progress: a photo the server has is not sent again after a dropped connection.
    item.photos = item.photos.filter((p) => p.clientId !== photo.clientId);
    await set(item.clientId, item, queueStore());
  }
  await del(item.clientId, queueStore());
  return "sent";
}

async function markRejected(item: QueuedWorkLog, result: { outcome: Outcome; message?: string }): Promise<Outcome> {
  if (result.outcome === "rejected") await set(item.clientId, { ...item, rejected: result.message }, queueStore());
  return result.outcome;
}

let running: Promise<{ sent: number; waiting: number; rejected: number }> | null = null;

/** Sends everything waiting (one sync at a time); stops at the first connection failure. */
export function syncWorkLogs() {
  running ??= (async () => {
    let sent = 0;
    try {
      for (const item of await queuedWorkLogs()) {
        if (item.rejected) continue;
        const outcome = await sendOne(item);
        if (outcome === "offline") break;
        if (outcome === "sent") sent += 1;
      }
    } finally {
      running = null;
    }
    const left = await queuedWorkLogs();
    announce();
    return { sent, waiting: left.filter((i) => !i.rejected).length, rejected: left.filter((i) => i.rejected).length };
  })();
  return running;
}
