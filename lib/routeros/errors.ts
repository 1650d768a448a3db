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

export class RouterOsError extends Error {
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
