/*
 * The HTTPS side of the REST transport: one keep-alive connection per router (its web server answers
 * one request at a time anyway, ROUTEROS.md §6), certificate pinning checked before the request (and
 * its Basic credentials) is written, and every failure turned into a RouterOsError.
 */
import https from "node:https";
import tls from "node:tls";
import type { LookupFunction } from "node:net";
import type { Duplex } from "node:stream";
import { RouterOsError } from "./errors";
import { checkPeerCertificate, pinnedTlsOptions } from "./tls-pin";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type RestResponse = { status: number; body: unknown };

export type RestEndpoint = {
  host: string;
  port: number;
  username: string;
  password: string;
  tlsOptions?: tls.ConnectionOptions;
  tlsFingerprint?: string;
  /** Resolves `host` for the socket (see TransportOptions.lookup). */
  lookup?: LookupFunction;
};

/** An agent whose sockets are handed to requests only after the pin check passed. */
class PinnedAgent extends https.Agent {
  constructor(
    options: https.AgentOptions,
    private readonly pinned: string | undefined,
    private readonly onPeer: (fingerprint: string) => void,
  ) {
    super(options);
  }

  override createConnection(options: https.RequestOptions, callback?: (error: Error | null, stream: Duplex) => void): Duplex | null | undefined {
    const socket = tls.connect(options as tls.ConnectionOptions);
    const fail = (error: Error) => callback?.(error, socket);
    socket.once("error", fail);
    socket.once("secureConnect", () => {
      socket.off("error", fail);
      const peer = checkPeerCertificate(socket, this.pinned);
      this.onPeer(peer.fingerprint);
      if (peer.error) {
        socket.destroy();
        fail(peer.error);
        return;
      }
      callback?.(null, socket);
    });
    // Returning nothing makes the agent wait for the callback, so nothing is written before the check.
    return undefined;
  }
}

export class RestConnection {
  private readonly agent: PinnedAgent;
  private readonly authorization: string;
  /** SHA-256 of the certificate the router showed on the latest TLS handshake. */
  peerFingerprint: string | undefined;

  constructor(private readonly endpoint: RestEndpoint) {
    const tlsOptions = pinnedTlsOptions(endpoint.tlsOptions, endpoint.tlsFingerprint);
    this.agent = new PinnedAgent({ ...tlsOptions, keepAlive: true, maxSockets: 1 }, endpoint.tlsFingerprint, (fingerprint) => {
      this.peerFingerprint = fingerprint;
    });
    this.authorization = `Basic ${Buffer.from(`${endpoint.username}:${endpoint.password}`, "utf8").toString("base64")}`;
  }

  /** One HTTPS request with a JSON body; resolves with any status, rejects only when no answer came. */
  request(method: HttpMethod, path: string, body: unknown, timeoutMs: number): Promise<RestResponse> {
    const { host, port } = this.endpoint;
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body), "utf8");
    return new Promise((resolve, reject) => {
      const request = https.request({
        host,
        port,
        method,
        path,
        agent: this.agent,
        lookup: this.endpoint.lookup,
        headers: {
          authorization: this.authorization,
          accept: "application/json",
          ...(payload ? { "content-type": "application/json", "content-length": String(payload.length) } : {}),
        },
      });
      const timer =
        timeoutMs > 0
          ? setTimeout(() => request.destroy(new RouterOsError("timeout", `${method} ${path} got no reply within ${timeoutMs} ms`)), timeoutMs)
          : undefined;
      request.on("error", (error) => {
        clearTimeout(timer);
        if (error instanceof RouterOsError) reject(error);
        else reject(new RouterOsError("connection", `cannot reach ${host}:${port} over HTTPS: ${error.message}`, { cause: error }));
      });
      request.on("response", (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("error", () => undefined); // the request's error handler reports the failure
        response.on("end", () => {
          clearTimeout(timer);
          const text = Buffer.concat(chunks).toString("utf8").trim();
          try {
            resolve({ status: response.statusCode ?? 0, body: text === "" ? undefined : JSON.parse(text) });
          } catch (error) {
            reject(new RouterOsError("protocol", `${method} ${path}: HTTP ${response.statusCode} with a body that is not JSON`, { cause: error }));
          }
        });
      });
      request.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}
