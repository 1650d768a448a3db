import pino from "pino";

/**
 * Field names whose values never reach a log: passwords, secrets, tokens, cookies, authorization headers and any
 * key (apiKey, privateKey, secretKey, …), at any depth of the logged object, in any case.
 */
const SECRET_FIELD = /pass(word|wd|phrase)|secret|token|authorization|cookie|credential|key$/i;
const CENSOR = "[redacted]";
const MAX_DEPTH = 8;

/** A copy of a logged value with every secret field censored; errors are serialised first so their fields are seen. */
export function redactSecrets(value: unknown, depth = 0, seen = new WeakSet<object>()): unknown {
  if (value === null || typeof value !== "object") return value;
  if (seen.has(value) || depth > MAX_DEPTH) return "[omitted]";
  seen.add(value);
  if (value instanceof Error) return redactSecrets(pino.stdSerializers.err(value), depth, seen);
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, depth + 1, seen));
  if (value instanceof Date || value instanceof Uint8Array) return value;
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(value)) {
    out[name] = SECRET_FIELD.test(name) && field != null && field !== "" ? CENSOR : redactSecrets(field, depth + 1, seen);
  }
  return out;
}

/**
 * JSON logs; secret fields are censored wherever they sit, so a careless log line cannot leak them. Lines go to
 * stdout synchronously: a process stopped or killed a moment later (a worker told to stop, a crash) has still
 * said everything it logged, and no write waits behind busy I/O threads.
 */
export function createLogger(
  destination?: pino.DestinationStream,
  level = process.env.LOG_LEVEL ?? (process.env.NODE_ENV === "test" ? "silent" : "info"),
) {
  const options: pino.LoggerOptions = { level, formatters: { log: (object) => redactSecrets(object) as Record<string, unknown> } };
  return pino(options, destination ?? pino.destination({ dest: 1, sync: true }));
}

export const logger = createLogger();
