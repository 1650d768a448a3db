/*
 * RouterOS binary API client (ROUTEROS.md §1–2, §8): login with legacy fallback, tagged commands
 * multiplexed on one connection, all traps collected before the single !done, per-command deadlines
 * enforced with /cancel, and streams (monitor-traffic, listen, follow) as async iterators.
 */
import { createHash } from "node:crypto";
import type { CommandOptions, RouterOsApi, RouterOsRow, RouterOsTransport, WriteResult } from "./api";
import { DEFAULT_TIMEOUT_MS, SentenceChannel, type TransportOptions } from "./connection";
import { RouterOsError, RouterOsTrapError, type TrapDetail } from "./errors";
import { encodeText } from "./protocol";
import type { ReplySentence } from "./types";

export type { CommandOptions, RouterOsRow, WriteResult } from "./api";

export type RouterOsClientOptions = TransportOptions & {
  username: string;
  password: string;
  /** Which wire `createRouterOsApi` uses: the binary API (default) or REST (RouterOS 7.1+, ROUTEROS.md §6). */
  transport?: RouterOsTransport;
  /** HTTPS port of the www-ssl service for REST; default 443. */
  restPort?: number;
  /** REST only: how often `stream()` polls monitor-traffic with `=once=` (REST can't stream). Default 1000 ms. */
  restPollIntervalMs?: number;
};

type Pending = {
  command: string;
  traps: TrapDetail[];
  timer?: NodeJS.Timeout;
  /** Set once we sent /cancel (deadline or stream end): later replies are drained silently until !done. */
  cancelled: boolean;
  onRow(row: RouterOsRow): void;
  onDone(done: ReplySentence): void;
  onError(error: RouterOsError): void;
};

const noop = () => {};
const CANCEL_GRACE_MS = 1000;

export type StreamOptions = {
  /** Rows waiting for the consumer at which the socket stops being read (default 1000). */
  highWaterMark?: number;
  /** Rows waiting at or below which reading resumes (default a tenth of the high mark). */
  lowWaterMark?: number;
};

/** A stream's rows, and how many of them wait for the consumer (bounded by the high-water mark plus one socket read). */
export type RouterOsStream = AsyncIterableIterator<RouterOsRow> & { readonly buffered: number };

/** The pre-6.43 challenge answer: "00" + hex(md5(0x00 ‖ password ‖ unhex(challenge))) (ROUTEROS.md §2). */
export function legacyLoginResponse(password: Buffer, challengeHex: string): string {
  const digest = createHash("md5")
    .update(Buffer.from([0]))
    .update(password)
    .update(Buffer.from(challengeHex, "hex"))
    .digest("hex");
  return `00${digest}`;
}

export class RouterOsClient implements RouterOsApi {
  readonly transport = "api" as const;
  private channel: SentenceChannel | null = null;
  private ready = false;
  private failure: RouterOsError | null = null;
  private readonly pending = new Map<string, Pending>();
  private nextTag = 1;
  private readonly timeoutMs: number;

  constructor(private readonly options: RouterOsClientOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  }

  /** Opens the socket and logs in; rejects with kind `auth` when the router refuses the credentials. */
  async connect(): Promise<void> {
    if (this.channel) throw new RouterOsError("connection", "connect() may only be called once per client");
    this.channel = await SentenceChannel.open(this.options, {
      reply: (reply) => this.dispatch(reply),
      close: (error) => this.failAll(error),
    });
    try {
      const { username: name, password } = this.options;
      // 6.43+ logs in here; older routers ignore the attributes and answer with a challenge (§2).
      const plain = await this.execute("/login", { name, password }, [], this.timeoutMs);
      if (plain.ret !== undefined) {
        if (!/^[0-9a-f]{32}$/i.test(plain.ret)) throw new RouterOsError("protocol", `unexpected login challenge: ${plain.ret}`);
        const response = legacyLoginResponse(encodeText(password, this.options.encoding), plain.ret);
        await this.execute("/login", { name, response }, [], this.timeoutMs);
      }
      this.ready = true;
    } catch (error) {
      await this.close();
      if (error instanceof RouterOsTrapError) {
        throw new RouterOsError("auth", `login refused: ${error.trapMessage}`, { cause: error });
      }
      throw error;
    }
  }

  /** SHA-256 of the router's certificate after a TLS connect (`tls: true`); undefined on plain TCP. */
  get peerFingerprint(): string | undefined {
    return this.channel?.peerFingerprint;
  }

  /** True between a successful connect() and the connection's end. */
  get connected(): boolean {
    return this.ready && this.failure === null;
  }

  /** Runs one command to its `!done`. Several `!trap`s reject together as one RouterOsTrapError. */
  write(command: string, attributes: Record<string, string> = {}, queries: string[] = [], options: CommandOptions = {}): Promise<WriteResult> {
    if (!this.ready) return Promise.reject(this.failure ?? new RouterOsError("connection", "not connected"));
    return this.execute(command, attributes, queries, options.timeoutMs ?? this.timeoutMs);
  }

  /**
   * Rows of a command that keeps answering (`/interface/monitor-traffic` without `=once=`, `listen`,
   * `print =follow=`). Ending the loop (break, return, throw) sends `/cancel`. No deadline applies.
   * Rows wait for the consumer up to `highWaterMark`; then the socket is no longer read (so the router stops
   * sending) until the consumer is down to `lowWaterMark`. That holds back the whole connection, so give
   * streams their own client (§5.7).
   */
  stream(command: string, attributes: Record<string, string> = {}, options: StreamOptions = {}): RouterOsStream {
    const highWaterMark = Math.max(1, options.highWaterMark ?? 1000);
    const lowWaterMark = Math.min(highWaterMark - 1, options.lowWaterMark ?? Math.floor(highWaterMark / 10));
    const buffered: RouterOsRow[] = [];
    const channel = this.channel;
    let paused = false;
    const throttle = () => {
      const next = paused ? buffered.length > lowWaterMark : buffered.length >= highWaterMark;
      if (next === paused) return;
      paused = next;
      if (paused) channel?.pauseReading();
      else channel?.resumeReading();
    };
    let waiter: { resolve(result: IteratorResult<RouterOsRow>): void; reject(error: unknown): void } | null = null;
    let finished = false;
    let failure: RouterOsError | null = null;
    const wake = () => {
      const current = waiter;
      waiter = null;
      if (!current) return;
      if (failure) current.reject(failure);
      else current.resolve({ value: undefined, done: true });
    };
    let tag: string | null = null;
    const handlers = {
      onRow: (row: RouterOsRow) => {
        if (waiter) {
          const current = waiter;
          waiter = null;
          current.resolve({ value: row, done: false });
        } else {
          buffered.push(row);
          throttle();
        }
      },
      onDone: () => {
        finished = true;
        wake();
      },
      onError: (error: RouterOsError) => {
        finished = true;
        failure = error;
        wake();
      },
    };
    if (this.ready) tag = this.start(command, attributes, [], 0, handlers);
    else handlers.onError(this.failure ?? new RouterOsError("connection", "not connected"));

    const iterator: RouterOsStream = {
      get buffered() {
        return buffered.length;
      },
      next: () => {
        const row = buffered.shift();
        throttle();
        if (row) return Promise.resolve({ value: row, done: false });
        if (failure) {
          const error = failure;
          failure = null; // reported once; the iterator is done afterwards
          return Promise.reject(error);
        }
        if (finished) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => {
          waiter = { resolve, reject };
        });
      },
      return: () => {
        if (!finished && tag !== null) this.cancel(tag);
        finished = true;
        failure = null;
        buffered.length = 0;
        throttle();
        wake();
        return Promise.resolve({ value: undefined, done: true });
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  /** Closes the connection; commands still pending reject with kind `connection`. */
  async close(): Promise<void> {
    this.ready = false;
    this.failAll(new RouterOsError("connection", "connection closed by the client"));
    await this.channel?.end();
  }

  private execute(command: string, attributes: Record<string, string>, queries: string[], timeoutMs: number): Promise<WriteResult> {
    return new Promise((resolve, reject) => {
      const rows: RouterOsRow[] = [];
      this.start(command, attributes, queries, timeoutMs, {
        onRow: (row) => rows.push(row),
        onDone: (done) => resolve(done.attributes.ret === undefined ? { rows } : { rows, ret: done.attributes.ret }),
        onError: reject,
      });
    });
  }

  /** Sends a tagged command and registers its handlers; returns the tag, or null when it failed before sending. */
  private start(
    command: string,
    attributes: Record<string, string>,
    queries: string[],
    timeoutMs: number,
    handlers: Pick<Pending, "onRow" | "onDone" | "onError">,
  ): string | null {
    const channel = this.channel;
    if (!channel || this.failure) {
      handlers.onError(this.failure ?? new RouterOsError("connection", "not connected"));
      return null;
    }
    const tag = String(this.nextTag++);
    try {
      channel.send({ command, attributes, api: { tag }, queries });
    } catch (error) {
      handlers.onError(error instanceof RouterOsError ? error : new RouterOsError("connection", String(error), { cause: error }));
      return null;
    }
    const pending: Pending = { command, traps: [], cancelled: false, ...handlers };
    if (timeoutMs > 0) pending.timer = setTimeout(() => this.expire(tag, pending, timeoutMs), timeoutMs);
    this.pending.set(tag, pending);
    return tag;
  }

  private expire(tag: string, pending: Pending, timeoutMs: number): void {
    pending.onError(new RouterOsError("timeout", `${pending.command} got no reply within ${timeoutMs} ms`));
    this.cancel(tag);
    // If even /cancel doesn't end the command, the reply stream can no longer be trusted. The grace
    // period has a floor so a tight deadline doesn't turn ordinary latency into a dropped connection.
    pending.timer = setTimeout(
      () => {
        this.channel?.destroy(new RouterOsError("connection", `${pending.command} ignored /cancel; connection dropped`));
      },
      Math.max(timeoutMs, CANCEL_GRACE_MS),
    );
  }

  /** Sends `/cancel =tag=T` under its own tag; T's interrupted trap and !done are drained without reporting. */
  private cancel(tag: string): void {
    const target = this.pending.get(tag);
    if (!target || target.cancelled) return;
    target.cancelled = true;
    this.start("/cancel", { tag }, [], 0, { onRow: noop, onDone: noop, onError: noop });
  }

  private dispatch(reply: ReplySentence): void {
    if (reply.type === "!fatal") {
      const reason = reply.words.join(" ") || reply.attributes.message || "router closed the session";
      const error = new RouterOsError("fatal", `router sent !fatal: ${reason}`);
      this.failAll(error);
      this.channel?.destroy(error);
      return;
    }
    // Untagged replies answer untagged commands (e.g. a bare /cancel) that nothing here waits for.
    const pending = reply.tag === undefined ? undefined : this.pending.get(reply.tag);
    if (!pending || reply.tag === undefined) return;
    if (reply.type === "!re") {
      if (!pending.cancelled) pending.onRow(reply.attributes);
    } else if (reply.type === "!trap") {
      pending.traps.push(trapDetail(reply));
    } else if (reply.type === "!done") {
      this.pending.delete(reply.tag);
      clearTimeout(pending.timer);
      if (pending.cancelled) return;
      if (pending.traps.length > 0) pending.onError(new RouterOsTrapError(pending.command, pending.traps));
      else pending.onDone(reply);
    }
    // !empty means "no rows" and a !done follows, so there is nothing to do for it (ROUTEROS.md §1.4).
  }

  private failAll(error: RouterOsError): void {
    this.ready = false;
    this.failure ??= error;
    const pending = [...this.pending.values()];
    this.pending.clear();
    for (const entry of pending) {
      clearTimeout(entry.timer);
      if (!entry.cancelled) entry.onError(error);
    }
  }
}

function trapDetail(reply: ReplySentence): TrapDetail {
  const message = reply.attributes.message ?? "unknown error";
  return reply.attributes.category === undefined ? { message } : { message, category: reply.attributes.category };
}
