/*
 * One long-lived, logged-in connection per router (ROUTEROS.md §5.7): every login writes to the
 * router's log and counts against `max-sessions`, so callers share a client per key instead of
 * connecting per request. A failed or lost connection is re-opened on the next `get`, but not before
 * an exponential backoff with jitter has passed, so an unreachable router or a wrong password is
 * not hammered. Commands that were in flight are not replayed: a blind retry of `add` could duplicate it.
 */
import type { RouterOsApi } from "./api";
import { RouterOsClient, type RouterOsClientOptions } from "./client";
import { RouterOsBackoffError, RouterOsError } from "./errors";

/**
 * `T` is what `get` hands out: RouterOsClient by default; pass `create: createRouterOsApi` (transports.ts)
 * to honour each router's `transport` ("api" | "rest") and get RouterOsApi instead.
 */
export type RouterOsPoolOptions<T extends RouterOsApi = RouterOsClient> = {
  /** Connection settings for a router key (e.g. the router's row id); called on every (re)connect, so rotated credentials apply. */
  resolve(key: string): RouterOsClientOptions | Promise<RouterOsClientOptions>;
  /** Builds the (not yet connected) client for resolved options; defaults to the binary API client. */
  create?: (options: RouterOsClientOptions) => T;
  /** First retry delay after a failure; doubles per consecutive failure. Default 1 s. */
  minBackoffMs?: number;
  /** Ceiling for the retry delay. Default 60 s. */
  maxBackoffMs?: number;
  /** Clock and randomness, injectable for tests. */
  now?: () => number;
  random?: () => number;
};

type Entry<T> = {
  client: T | null;
  connecting: Promise<T> | null;
  failures: number;
  retryAt: number;
  lastError: RouterOsError | null;
};

export class RouterOsPool<T extends RouterOsApi = RouterOsClient> {
  private readonly entries = new Map<string, Entry<T>>();
  private readonly minBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly create: (options: RouterOsClientOptions) => T;

  constructor(private readonly options: RouterOsPoolOptions<T>) {
    // Without a factory T is the default, RouterOsClient.
    this.create = options.create ?? ((settings) => new RouterOsClient(settings) as unknown as T);
    this.minBackoffMs = options.minBackoffMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 60_000;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
  }

  /**
   * The connected client for `key`, connecting (once, however many callers wait) if needed.
   * While backing off after a failure it rejects at once with the last error, without touching the network.
   */
  get(key: string): Promise<T> {
    const entry = this.entry(key);
    if (entry.client?.connected) return Promise.resolve(entry.client);
    if (entry.connecting) return entry.connecting;
    if (entry.lastError && this.now() < entry.retryAt) {
      const waitMs = entry.retryAt - this.now();
      return Promise.reject(new RouterOsBackoffError(entry.lastError, waitMs));
    }
    entry.connecting = this.open(key, entry).finally(() => {
      entry.connecting = null;
    });
    return entry.connecting;
  }

  /** Runs `task` with the key's client; a convenience for one-off calls. */
  async use<R>(key: string, task: (client: T) => Promise<R>): Promise<R> {
    return task(await this.get(key));
  }

  /** Closes and forgets the key's connection (e.g. after its settings changed); the backoff state is reset too. */
  async release(key: string): Promise<void> {
    const entry = this.entries.get(key);
    this.entries.delete(key);
    await entry?.connecting?.catch(() => undefined);
    await entry?.client?.close();
  }

  async closeAll(): Promise<void> {
    await Promise.all([...this.entries.keys()].map((key) => this.release(key)));
  }

  /** Delay before attempt n+1 after n consecutive failures: doubling, capped, with ±50% jitter so routers aren't retried in lockstep. */
  backoffMs(failures: number): number {
    const base = Math.min(this.maxBackoffMs, this.minBackoffMs * 2 ** Math.max(0, failures - 1));
    return Math.round(base * (0.5 + this.random()));
  }

  private entry(key: string): Entry<T> {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { client: null, connecting: null, failures: 0, retryAt: 0, lastError: null };
      this.entries.set(key, entry);
    }
    return entry;
  }

  private async open(key: string, entry: Entry<T>): Promise<T> {
    await entry.client?.close();
    entry.client = null;
    try {
      const client = this.create(await this.options.resolve(key));
      await client.connect();
      entry.client = client;
      entry.failures = 0;
      entry.lastError = null;
      return client;
    } catch (error) {
      const failure = error instanceof RouterOsError ? error : new RouterOsError("connection", String(error), { cause: error });
      entry.failures += 1;
      entry.lastError = failure;
      entry.retryAt = this.now() + this.backoffMs(entry.failures);
      throw failure;
    }
  }
}
