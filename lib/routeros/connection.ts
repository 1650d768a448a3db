/*
 * The socket side of the API client: opens TCP or TLS, turns the byte stream into reply sentences
 * with the incremental decoder, and reports the end of the connection exactly once. It knows nothing
 * about tags or commands; RouterOsClient does the dispatching.
 */
import net, { type LookupFunction } from "node:net";
import tls from "node:tls";
import { RouterOsError } from "./errors";
import { SentenceDecoder, decodeWords, encodeRequest, isReplyType, parseReply, type TextEncoding } from "./protocol";
import { checkPeerCertificate, pinnedTlsOptions } from "./tls-pin";
import type { ReplySentence, RequestSentence } from "./types";

export type TransportOptions = {
  host: string;
  /** Defaults to 8729 with TLS and 8728 without (node-routeros got this wrong, ROUTEROS.md §8). */
  port?: number;
  tls?: boolean;
  /** Passed to `tls.connect`: pin the router's CA or certificate here (`ca`, `checkServerIdentity`). */
  tlsOptions?: tls.ConnectionOptions;
  /**
   * SHA-256 of the router's certificate (`AB:CD:…`, Node's `fingerprint256`). When set, the CA check is
   * replaced by this comparison and a mismatch fails the connect before anything is sent.
   */
  tlsFingerprint?: string;
  /** Deadline for the TCP/TLS handshake and, in the client, for each command. Default 10 s. */
  timeoutMs?: number;
  /** Text codec for every word; Windows-1252 by default, as Winbox writes (ROUTEROS.md §3). */
  encoding?: TextEncoding;
  /** Resolves `host` for the socket: the caller's chance to refuse an address and connect only to the one it checked. */
  lookup?: LookupFunction;
};

export type ChannelHandlers = {
  reply(reply: ReplySentence): void;
  /** Called once when the connection ends for any reason other than `end()`. */
  close(error: RouterOsError): void;
};

export const DEFAULT_TIMEOUT_MS = 10_000;

export class SentenceChannel {
  private readonly decoder = new SentenceDecoder();
  private closed = false;
  /** The certificate's SHA-256 after a TLS connect (undefined on plain TCP). */
  peerFingerprint: string | undefined;
  private lastSocketError: Error | undefined;
  private pauses = 0;
  /** Writes are held until the end of this turn of the event loop (see send). */
  private corked = false;

  private constructor(
    private readonly socket: net.Socket,
    private readonly encoding: TextEncoding,
    private readonly handlers: ChannelHandlers,
  ) {
    socket.on("data", (chunk: Buffer) => this.receive(chunk));
    // Without an 'error' listener Node crashes the process (node-routeros #26); 'close' always follows.
    socket.on("error", (error) => {
      this.lastSocketError = error;
    });
    socket.on("close", () => {
      this.shutDown(new RouterOsError("connection", "connection to the router was lost", { cause: this.lastSocketError }));
    });
  }

  static open(options: TransportOptions, handlers: ChannelHandlers): Promise<SentenceChannel> {
    const port = options.port ?? (options.tls ? 8729 : 8728);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    return new Promise((resolve, reject) => {
      const socket = options.tls
        ? tls.connect({ ...pinnedTlsOptions(options.tlsOptions, options.tlsFingerprint), host: options.host, port, lookup: options.lookup })
        : net.connect({ host: options.host, port, lookup: options.lookup });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(new RouterOsError("timeout", `no connection to ${options.host}:${port} within ${timeoutMs} ms`));
      }, timeoutMs);
      const fail = (error: Error) => {
        clearTimeout(timer);
        reject(new RouterOsError("connection", `cannot connect to ${options.host}:${port}: ${error.message}`, { cause: error }));
      };
      socket.once("error", fail);
      socket.once(options.tls ? "secureConnect" : "connect", () => {
        clearTimeout(timer);
        socket.off("error", fail);
        const peer = options.tls ? checkPeerCertificate(socket as tls.TLSSocket, options.tlsFingerprint) : undefined;
        if (peer?.error) {
          // Nothing was written yet: the login (with the password) never reaches an impostor.
          socket.destroy();
          reject(peer.error);
          return;
        }
        socket.setNoDelay(true);
        socket.setKeepAlive(true, 30_000);
        const channel = new SentenceChannel(socket, options.encoding ?? "windows-1252", handlers);
        channel.peerFingerprint = peer?.fingerprint;
        resolve(channel);
      });
    });
  }

  get isOpen(): boolean {
    return !this.closed;
  }

  /**
   * Throws synchronously on an unencodable word or a closed connection, so nothing half-written hits the wire.
   * Sentences sent in the same turn of the event loop leave in one write (the poller sends eight commands at once to
   * every router: one system call instead of eight, which on a busy poller is a large share of its CPU).
   */
  send(request: RequestSentence): void {
    if (this.closed) throw new RouterOsError("connection", "connection is closed");
    const sentence = encodeRequest(request, this.encoding);
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
      process.nextTick(() => {
        this.corked = false;
        this.socket.uncork();
      });
    }
    this.socket.write(sentence);
  }

  /**
   * Stops reading the socket until every pause is matched by a resume: TCP's window then stops the router
   * sending (ROUTEROS.md §8 item 9). It holds back every command on this connection, hence streams' own clients.
   */
  pauseReading(): void {
    this.pauses += 1;
    if (this.pauses === 1) this.socket.pause();
  }

  resumeReading(): void {
    if (this.pauses === 0) return;
    this.pauses -= 1;
    if (this.pauses === 0) this.socket.resume();
  }

  /** Drops the connection and reports `error` to the close handler. */
  destroy(error: RouterOsError): void {
    this.shutDown(error);
  }

  /** Closes on our own initiative: the close handler is not called. Resolves once the socket is gone. */
  end(): Promise<void> {
    this.closed = true;
    if (this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once("close", () => resolve());
      this.socket.end();
      // A router that never sends its FIN must not keep close() waiting.
      setTimeout(() => this.socket.destroy(), 1000).unref();
    });
  }

  private shutDown(error: RouterOsError): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
    this.handlers.close(error);
  }

  private receive(chunk: Buffer): void {
    let sentences: Buffer[][];
    try {
      sentences = this.decoder.push(chunk);
    } catch (error) {
      // After a bad length prefix the stream can't be resynchronised (ROUTEROS.md §1.1).
      this.shutDown(error instanceof RouterOsError ? error : new RouterOsError("protocol", String(error), { cause: error }));
      return;
    }
    for (const sentence of sentences) {
      if (this.closed) return;
      const words = decodeWords(sentence, this.encoding);
      // Unknown reply words are skipped rather than fatal: new RouterOS versions add them (7.18's !empty broke everyone).
      if (isReplyType(words[0])) this.handlers.reply(parseReply(words));
    }
  }
}
