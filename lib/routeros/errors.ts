/*
 * Typed failures of the RouterOS API client and codec (ROUTEROS.md §8 item 10).
 * One base class with a `kind` so callers can switch on it without instanceof chains.
 */

export type RouterOsErrorKind =
  | "auth" // login refused (wrong credentials, legacy login on 6.45.1+)
  | "trap" // the command failed with one or more `!trap` sentences
  | "fatal" // the router sent `!fatal` and closes the connection
  | "timeout" // the command or the connect/login ran past its deadline
  | "connection" // the socket failed or closed while commands were pending
  | "protocol" // the byte stream or a sentence broke the wire format
  | "encoding"; // a string can't be written in the connection's charset

/** The key under which each error class states which class it is; `Symbol.for` gives every copy of this module the same key. */
export const errorClassKey: unique symbol = Symbol.for("netsphere.routeros.errorClass");

type ErrorClass = { [errorClassKey]?: string };

/** The classes an error was made by (the stated ones, most derived first), whichever copy of this module made it. */
function errorClassesOf(value: object): string[] {
  const classes: string[] = [];
  for (let proto = Object.getPrototypeOf(value); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    const made = proto.constructor as ErrorClass | undefined;
    if (made && Object.hasOwn(made, errorClassKey)) classes.push(made[errorClassKey]!);
  }
  return classes;
}

export class RouterOsError extends Error {
  static readonly [errorClassKey]: string = "RouterOsError";

  /**
   * `instanceof` that also recognises errors made by another copy of this module. Next.js bundles it once for
   * the instrumentation hook (whose poller usually opens a router's pooled connection first) and again for pages
   * and routes, and the pool on globalThis hands the same client to all of them: compared by identity, a router
   * that is down would read as an unknown error, i.e. a server error instead of "could not connect".
   * A subclass states its class with its own `static [errorClassKey]`, or matches only as its parent.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    if (Function.prototype[Symbol.hasInstance].call(this, value)) return true;
    if (typeof value !== "object" || value === null || !Object.hasOwn(this, errorClassKey)) return false;
    return errorClassesOf(value).includes((this as ErrorClass)[errorClassKey]!);
  }

  readonly kind: RouterOsErrorKind;

  constructor(kind: RouterOsErrorKind, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "RouterOsError";
    this.kind = kind;
  }
}

/** One `!trap` sentence: category is optional on the wire (see `trapCategory` in types.ts). */
export type TrapDetail = { message: string; category?: string };

/**
 * A command answered with `!trap` (possibly several before its `!done`, ROUTEROS.md §1.4).
 * `message`/`category` are the first trap's; `traps` holds every one in arrival order.
 */
export class RouterOsTrapError extends RouterOsError {
  static override readonly [errorClassKey]: string = "RouterOsTrapError";

  readonly command: string;
  readonly traps: TrapDetail[];
  readonly category: string | undefined;
  readonly trapMessage: string;

  constructor(command: string, traps: TrapDetail[]) {
    const first = traps[0] ?? { message: "unknown trap" };
    const extra = traps.length > 1 ? ` (+${traps.length - 1} more)` : "";
    super("trap", `${command}: ${first.message}${extra}`);
    this.name = "RouterOsTrapError";
    this.command = command;
    this.traps = traps;
    this.category = first.category;
    this.trapMessage = first.message;
  }
}

/** The router's TLS certificate is not the pinned one (`tlsFingerprint`): possibly a replaced certificate, possibly a man in the middle. */
export class RouterOsCertificateError extends RouterOsError {
  static override readonly [errorClassKey]: string = "RouterOsCertificateError";

  readonly expectedFingerprint: string;
  readonly actualFingerprint: string;

  constructor(expected: string, actual: string) {
    super(
      "connection",
      `the router's TLS certificate does not match the pinned fingerprint (expected ${expected}, got ${actual || "no certificate"})`,
    );
    this.name = "RouterOsCertificateError";
    this.expectedFingerprint = expected;
    this.actualFingerprint = actual;
  }
}

/**
 * The connection failed while a batch of changes was being applied: `sent` of `total` had gone out and the
 * router had answered `answered` of them; the rest were never sent. Nothing is replayed blindly: the next
 * run reads the router again, so it converges.
 */
export class RouterOsInterruptedError extends RouterOsError {
  static override readonly [errorClassKey]: string = "RouterOsInterruptedError";

  readonly sent: number;
  readonly answered: number;
  readonly total: number;

  constructor(progress: { sent: number; answered: number; total: number }, cause: RouterOsError) {
    const { sent, answered, total } = progress;
    super(
      cause.kind,
      `the connection was lost during the change: ${answered} of ${total} changes answered, ${sent - answered} sent without an answer, ${total - sent} not sent (${cause.message})`,
      { cause },
    );
    this.name = "RouterOsInterruptedError";
    this.sent = sent;
    this.answered = answered;
    this.total = total;
  }
}

/**
 * The pool is waiting out its backoff after `last` failed and did not touch the network: the failure
 * that counts for a technician is `last`, with when the next attempt is due.
 */
export class RouterOsBackoffError extends RouterOsError {
  static override readonly [errorClassKey]: string = "RouterOsBackoffError";

  readonly last: RouterOsError;
  readonly retryInMs: number;

  constructor(last: RouterOsError, retryInMs: number) {
    super(last.kind, `${last.message} (next attempt in ${retryInMs} ms)`, { cause: last });
    this.name = "RouterOsBackoffError";
    this.last = last;
    this.retryInMs = retryInMs;
  }
}
