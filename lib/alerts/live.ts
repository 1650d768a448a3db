/*
 * Incident changes as a signal for the live banner: this process's changes at once (an emitter), other
 * processes' (a separate worker) through the newest `updated_at`, which the stream checks every few seconds
 * on the server — the browser only listens.
 */
import "server-only";
import { EventEmitter } from "node:events";

const emitter = new EventEmitter();
emitter.setMaxListeners(0);

export function publishIncidentChange(tenantId: string): void {
  emitter.emit(tenantId);
}

/** Calls `listener` when an incident of the tenant changes in this process; returns the unsubscribe. */
export function onIncidentChange(tenantId: string, listener: () => void): () => void {
  emitter.on(tenantId, listener);
  return () => emitter.off(tenantId, listener);
}
