/*
 * RouterOS v7 REST (ROUTEROS.md §6) behind the same RouterOsApi as the binary client: `…/print` is a
 * POST with `.proplist`/`.query`, `add` a PUT, `set`/`remove` of one `.id` a PATCH/DELETE on `/<id>`,
 * every other command a POST. Errors come back as the binary client's: RouterOS's `detail` text as a
 * RouterOsTrapError, 401 as `auth`, no answer as `connection` or `timeout`.
 *
 * Limits, from the router's side: REST exists from 7.1 (www-ssl), answers one request at a time and
 * cuts commands off after 60 s; it can't stream, so `stream()` only supports monitor-traffic, by
 * polling `=once=`. Use the binary API for bulk sync, listen and long streams.
 */
import type { CommandOptions, RouterOsApi, RouterOsRow, WriteResult } from "./api";
import type { RouterOsClientOptions } from "./client";
import { DEFAULT_TIMEOUT_MS } from "./connection";
import { RouterOsError, RouterOsTrapError } from "./errors";
import { RestConnection, type HttpMethod, type RestResponse } from "./rest-http";

export type RestCall = { method: HttpMethod; path: string; body?: Record<string, unknown> };

const DEFAULT_POLL_INTERVAL_MS = 1000;

function trimSlashes(command: string): string {
  return command.replace(/^\/+|\/+$/g, "");
}

/** How one API command travels over REST. Pure, so the mapping is testable on its own. */
export function restCallFor(command: string, attributes: Record<string, string> = {}, queries: string[] = []): RestCall {
  const segments = trimSlashes(command).split("/");
  const verb = segments[segments.length - 1];
  const menu = segments.slice(0, -1).join("/");
  const { ".id": id, ...properties } = attributes;
  if (verb === "print" || verb === "getall") {
    const body: Record<string, unknown> = { ...attributes };
    if (queries.length > 0) body[".query"] = queries.map((query) => query.replace(/^\?/, ""));
    return { method: "POST", path: `/rest/${menu}/print`, body };
  }
  if (verb === "add" && id === undefined) return { method: "PUT", path: `/rest/${menu}`, body: properties };
  // One item by id or name; comma lists and `numbers` go through the generic POST, which accepts them.
  const single = id !== undefined && id !== "" && !id.includes(",") && attributes.numbers === undefined;
  if (verb === "set" && single) return { method: "PATCH", path: `/rest/${menu}/${encodeURIComponent(id)}`, body: properties };
  if (verb === "remove" && single && Object.keys(properties).length === 0)
    return { method: "DELETE", path: `/rest/${menu}/${encodeURIComponent(id)}` };
  return { method: "POST", path: `/rest/${segments.join("/")}`, body: { ...attributes } };
}

/** REST values are strings already; anything else the router sends is stringified rather than trusted. */
function stringRow(value: unknown): RouterOsRow {
  const row: RouterOsRow = {};
  if (value === null || typeof value !== "object") return row;
  for (const [name, field] of Object.entries(value)) {
    if (field === null || field === undefined) continue;
    row[name] = Array.isArray(field) ? field.join(",") : String(field);
  }
  return row;
}

/** A 2xx body as the binary client's result: arrays are `!re` rows, an object is `!done` data (`ret`), PUT's object carries the new `.id`. */
function toWriteResult(call: RestCall, body: unknown): WriteResult {
  if (Array.isArray(body)) return { rows: body.map(stringRow) };
  if (body === undefined || body === null || typeof body !== "object") return { rows: [] };
  const object = stringRow(body);
  if (call.method === "PUT") return object[".id"] === undefined ? { rows: [] } : { rows: [], ret: object[".id"] };
  if (call.method === "PATCH") return { rows: [] };
  const { ret, ...rest } = object;
  const rows = Object.keys(rest).length > 0 ? [rest] : [];
  return ret === undefined ? { rows } : { rows, ret };
}

function errorFor(command: string, call: RestCall, response: RestResponse): RouterOsError {
  const body = stringRow(response.body);
  const reason = body.message ?? `HTTP ${response.status}`;
  if (response.status === 401) return new RouterOsError("auth", `login refused: ${reason}`);
  // The router's own 60 s limit (§6): the command was cut off, not refused.
  if (body.detail === "Session closed") return new RouterOsError("timeout", `${command} was cut off by the router's REST timeout`);
  if (body.detail !== undefined) return new RouterOsTrapError(command, [{ message: body.detail }]);
  // REST answers a missing id with a bare 404 where the binary API traps `no such item`; report it the API's way.
  if (response.status === 404 && (call.method === "PATCH" || call.method === "DELETE")) {
    return new RouterOsTrapError(command, [{ message: "no such item", category: "0" }]);
  }
  if (response.status >= 500)
    return new RouterOsError("connection", `${command}: the router's web server failed (HTTP ${response.status} ${reason})`);
  return new RouterOsTrapError(command, [{ message: reason }]);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class RouterOsRestClient implements RouterOsApi {
  readonly transport = "rest" as const;
  private readonly http: RestConnection;
  private readonly timeoutMs: number;
  private state: "new" | "open" | "closed" = "new";
  private lost = false;

  constructor(private readonly options: RouterOsClientOptions) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.http = new RestConnection({
      host: options.host,
      port: options.restPort ?? 443,
      username: options.username,
      password: options.password,
      tlsOptions: options.tlsOptions,
      tlsFingerprint: options.tlsFingerprint,
      lookup: options.lookup,
    });
  }

  get connected(): boolean {
    return this.state === "open" && !this.lost;
  }

  get peerFingerprint(): string | undefined {
    return this.http.peerFingerprint;
  }

  /** REST has no session: this checks reachability, the certificate pin and the credentials with one cheap read. */
  async connect(): Promise<void> {
    if (this.state !== "new") throw new RouterOsError("connection", "connect() may only be called once per client");
    this.state = "open";
    try {
      await this.send("/system/identity/print", { ".proplist": "name" }, [], this.timeoutMs);
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  write(command: string, attributes: Record<string, string> = {}, queries: string[] = [], options: CommandOptions = {}): Promise<WriteResult> {
    if (!this.connected)
      return Promise.reject(new RouterOsError("connection", this.state === "closed" ? "connection closed by the client" : "not connected"));
    return this.send(command, attributes, queries, options.timeoutMs ?? this.timeoutMs);
  }

  /**
   * REST can't stream: monitor-traffic is polled with `=once=` every `restPollIntervalMs` (default 1 s);
   * anything else (listen, follow, ping without count) fails with kind `protocol`.
   */
  stream(command: string, attributes: Record<string, string> = {}): AsyncIterableIterator<RouterOsRow> {
    const intervalMs = this.options.restPollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    const write = (extra: Record<string, string>) => this.write(command, { ...attributes, ...extra });
    if (trimSlashes(command) !== "interface/monitor-traffic") {
      return (async function* refuse(): AsyncGenerator<RouterOsRow> {
        throw new RouterOsError("protocol", `${command} can't stream over REST; use the binary API (transport "api")`);
      })();
    }
    return (async function* poll(): AsyncGenerator<RouterOsRow> {
      for (;;) {
        const started = performance.now();
        const { rows } = await write({ once: "" });
        yield* rows;
        await sleep(Math.max(0, intervalMs - (performance.now() - started)));
      }
    })();
  }

  async close(): Promise<void> {
    this.state = "closed";
    this.http.close();
  }

  private async send(command: string, attributes: Record<string, string>, queries: string[], timeoutMs: number): Promise<WriteResult> {
    const call = restCallFor(command, attributes, queries);
    let response: RestResponse;
    try {
      response = await this.http.request(call.method, call.path, call.body, timeoutMs);
    } catch (error) {
      const failure = error instanceof RouterOsError ? error : new RouterOsError("connection", String(error), { cause: error });
      // Only a failed connection makes the next pool `get` reconnect; a slow or odd answer doesn't.
      if (failure.kind === "connection") this.lost = true;
      if (failure.kind === "timeout") throw new RouterOsError("timeout", `${command} got no reply within ${timeoutMs} ms`, { cause: failure });
      throw failure;
    }
    if (response.status >= 200 && response.status < 300) return toWriteResult(call, response.body);
    const failure = errorFor(command, call, response);
    if (failure.kind === "auth") this.lost = true;
    throw failure;
  }
}
