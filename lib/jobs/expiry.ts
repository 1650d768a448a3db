/**
 * How long a queued run of a job may wait or run before pg-boss expires it: four intervals (at least a minute), and
 * under pg-boss's limit of 24 hours (it refuses to create a queue with more, and the worker could not start).
 */
export const MAX_EXPIRY_SECONDS = 23 * 3600;

export const queueExpirySeconds = (intervalSeconds: number) => Math.min(MAX_EXPIRY_SECONDS, Math.max(60, intervalSeconds * 4));
