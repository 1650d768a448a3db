/*
 * Test support: a bare-bones API client speaking raw sentences, so simulator tests see exactly what the
 * simulator sends (tags, word order, unknown reply words, closes).
 */
import { connect, type Socket } from "node:net";
import { connect as tlsConnect } from "node:tls";
import { decodeWords, encodeSentence, isReplyType, parseReply, SentenceDecoder } from "../protocol";
import type { ReplySentence } from "../types";

export class RawClient {
  private readonly decoder = new SentenceDecoder();
  private readonly received: ReplySentence[] = [];
  readonly unknownReplies: string[][] = [];
  private waiter: (() => void) | undefined;
  readonly closed: Promise<void>;

  private constructor(private readonly socket: Socket) {
    // Without this, Nagle holds back every command after the first until the router's delayed ACK.
    socket.setNoDelay(true);
    socket.on("data", (chunk) => {
      for (const words of this.decoder.push(chunk)) {
        const text = decodeWords(words);
        if (isReplyType(text[0])) this.received.push(parseReply(text));
        else this.unknownReplies.push(text);
      }
      this.waiter?.();
    });
    this.closed = new Promise((resolve) => socket.on("close", () => resolve()));
    void this.closed.then(() => this.waiter?.());
  }

  static open(port: number, secure = false): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket: Socket = secure
        ? tlsConnect({ port, host: "127.0.0.1", rejectUnauthorized: false }, () => resolve(new RawClient(socket)))
        : connect(port, "127.0.0.1", () => resolve(new RawClient(socket)));
      socket.once("error", reject);
    });
  }

  send(...words: string[]): void {
    this.socket.write(encodeSentence(words));
  }

  /** Bytes as they are, for malformed-input tests. */
  sendBytes(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** Collects replies until `isLast` holds for one (inclusive) or the socket closes. */
  async until(isLast: (reply: ReplySentence) => boolean): Promise<ReplySentence[]> {
    const collected: ReplySentence[] = [];
    for (;;) {
      while (this.received.length > 0) {
        const reply = this.received.shift() as ReplySentence;
        collected.push(reply);
        if (isLast(reply)) return collected;
      }
      if (this.socket.destroyed) return collected;
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }

  untilDone(tag?: string): Promise<ReplySentence[]> {
    return this.until((reply) => reply.type === "!done" && reply.tag === tag);
  }

  async login(username = "netsphere", password = "secret"): Promise<void> {
    this.send("/login", `=name=${username}`, `=password=${password}`);
    const replies = await this.untilDone();
    if (replies.length !== 1 || replies[0].type !== "!done") throw new Error(`login refused: ${JSON.stringify(replies)}`);
  }

  close(): void {
    this.socket.destroy();
  }
}
