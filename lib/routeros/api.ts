/*
 * The one interface every RouterOS transport implements: the binary API (client.ts, TCP 8728 / TLS 8729)
 * and REST (rest.ts, RouterOS 7.1+ over HTTPS). Menu helpers and the pool take this, so callers don't
 * care which wire a router speaks. Values stay strings on both (read them with values.ts).
 */

/** One row; values stay strings (read them with values.ts). */
export type RouterOsRow = Record<string, string>;

/** `ret` is the `=ret=` of `!done` (REST: `{"ret":…}`, or the new `.id` after PUT): the new id after `add`, the count after `print =count-only=`. */
export type WriteResult = { rows: RouterOsRow[]; ret?: string };

export type CommandOptions = {
  /** Overrides the client's timeoutMs for this command; 0 disables the deadline. */
  timeoutMs?: number;
};

export type RouterOsTransport = "api" | "rest";

export interface RouterOsApi {
  readonly transport: RouterOsTransport;
  /** True between a successful connect() and the connection's end (REST: until close()). */
  readonly connected: boolean;
  /** SHA-256 of the router's certificate (`AB:CD:…`, like Node's `fingerprint256`) after a TLS connect; pin it on first use. */
  readonly peerFingerprint: string | undefined;
  /** Opens the connection and checks the credentials; rejects with kind `auth` when the router refuses them. */
  connect(): Promise<void>;
  /**
   * Runs one command to its end: `write("/ppp/secret/print", { ".proplist": ".id,name" }, ["?name=alice"])`.
   * A refusal rejects with RouterOsTrapError carrying RouterOS's own message.
   */
  write(command: string, attributes?: Record<string, string>, queries?: string[], options?: CommandOptions): Promise<WriteResult>;
  /** Rows of a command that keeps answering (monitor-traffic, listen); ending the loop stops it. */
  stream(command: string, attributes?: Record<string, string>): AsyncIterableIterator<RouterOsRow>;
  close(): Promise<void>;
}
