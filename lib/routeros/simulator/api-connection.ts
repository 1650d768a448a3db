/*
 * One binary-API connection to the simulator (TCP or TLS; the socket is all it sees): login by version,
 * tags, interleaved commands, `/cancel`, `/quit`, fault injection, metrics and the transcript.
 */
import type { Socket } from "node:net";
import { decodeWords, encodeSentence, parseRequest, SentenceDecoder, WordTooLargeError } from "../protocol";
import type { ReplySentence, RequestSentence } from "../types";
import { trapCategory } from "../types";
import { openStream } from "./commands";
import { dispatch } from "./dispatch";
import { commandDelay, injectedTrap, matchingPattern, type SimulatorFaults } from "./faults";
import { openListen } from "./listen";
import { answerLogin, type LoginSettings } from "./login";
import type { MetricsRecorder } from "./metrics";
import { done, fatal, replyWords, shuffledReplyWords, trap } from "./replies";
import type { RouterState } from "./router-state";
import type { TranscriptSection } from "./transcript";

export type ConnectionContext = {
  login: LoginSettings;
  state: RouterState;
  faults: SimulatorFaults;
  metrics: MetricsRecorder;
  /** Time between rows of streaming commands; the router's is one second. */
  streamIntervalMs: number | undefined;
  beforeLogin: "trap" | "fatal";
  /** Longest word accepted; a longer one is answered with `!fatal` and the connection closed. */
  maxWordBytes: number;
  /** Where this connection's sentences are recorded, when recording is on. */
  transcript: TranscriptSection | undefined;
  random: () => number;
};

/** A running command; `sentSentences` spans every batch of a stream, so the cut-off faults also hit streams. */
type InFlight = { tag: string | undefined; cancelled: boolean; sentSentences: number; stopStream?: () => void };

// Not a valid length prefix (0xF8 is a reserved control byte), so a client must drop the connection.
const GARBAGE = Buffer.from([0xf8, 0x00, 0xff, 0x13, 0x37]);

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export class SimulatorConnection {
  private readonly decoder: SentenceDecoder;
  private loggedIn = false;
  private challenge: string | undefined;
  private readonly inFlight = new Set<InFlight>();
  /** Byte-by-byte writes are chained so concurrent replies can't interleave inside a sentence. */
  private output: Promise<void> = Promise.resolve();
  private queuedWrites = 0;
  private commandsRun = 0;

  constructor(
    private readonly socket: Socket,
    private readonly context: ConnectionContext,
  ) {
    this.decoder = new SentenceDecoder({ maxWordBytes: context.maxWordBytes });
    socket.setNoDelay(true);
    socket.on("data", (chunk: Buffer) => this.receive(chunk));
    socket.on("error", () => socket.destroy());
    socket.on("close", () => this.stopAll());
  }

  private receive(chunk: Buffer): void {
    this.context.metrics.bytesIn(chunk.length);
    let requests: RequestSentence[];
    try {
      requests = this.decoder.push(chunk).map((words) => {
        const text = decodeWords(words);
        this.context.transcript?.lines.push({ direction: "<<<", words: text });
        return parseRequest(text);
      });
    } catch (error) {
      if (error instanceof WordTooLargeError) {
        // Like a router refusing an oversized sentence (ROUTEROS.md §1.4): say why with !fatal, then close.
        this.socket.pause();
        this.write(fatal(`word of ${error.length} bytes is over the ${error.limit} byte limit`));
        this.afterOutput(() => void this.socket.end());
        return;
      }
      // A bad length byte leaves the stream unreadable, as on the router (checklist 2).
      this.socket.destroy();
      return;
    }
    for (const request of requests) void this.handle(request);
  }

  /** Writes bytes now, or after the queued slow writes, byte by byte when that fault is on. */
  private emit(bytes: Buffer): void {
    this.context.metrics.bytesOut(bytes.length);
    const gapMs = this.context.faults.byteByByteMs;
    if (gapMs === undefined && this.queuedWrites === 0) {
      this.socket.write(bytes);
      return;
    }
    this.afterOutput(async () => {
      if (gapMs === undefined) return void this.socket.write(bytes);
      for (const byte of bytes) {
        if (this.socket.destroyed) return;
        this.socket.write(Buffer.from([byte]));
        await (gapMs > 0 ? delay(gapMs) : new Promise((resolve) => setImmediate(resolve)));
      }
    });
  }

  private afterOutput(action: () => void | Promise<void>): void {
    if (this.queuedWrites === 0 && this.context.faults.byteByByteMs === undefined) {
      void action();
      return;
    }
    this.queuedWrites += 1;
    this.output = this.output.then(action).finally(() => (this.queuedWrites -= 1));
  }

  /** A reply's bytes, recorded in the transcript as they go out. */
  private encode(reply: ReplySentence): Buffer {
    const words = this.context.faults.shuffleReplyWords ? shuffledReplyWords(reply, this.context.random) : replyWords(reply);
    this.context.transcript?.lines.push({ direction: ">>>", words });
    return encodeSentence(words);
  }

  private write(reply: ReplySentence): boolean {
    if (this.socket.destroyed || this.socket.writableEnded) return false;
    this.emit(this.encode(reply));
    return true;
  }

  /** Breaks the connection the way a fault asks, once `command` has sent its quota of sentences; true when it did. */
  private interrupt(command: InFlight, next: ReplySentence): boolean {
    const { dropAfterSentences, fatalAfterSentences, garbageAfterSentences, resetAfterSentences } = this.context.faults;
    const reached = (limit: number | undefined) => limit !== undefined && command.sentSentences >= limit;
    if (reached(dropAfterSentences)) {
      // Cut inside a sentence, so clients must cope with a truncated read, not just a clean close.
      const bytes = encodeSentence(replyWords(next));
      this.afterOutput(() => void this.socket.end(bytes.subarray(0, Math.ceil(bytes.length / 2)), () => this.socket.destroy()));
    } else if (reached(fatalAfterSentences)) {
      this.write(fatal("simulated router failure"));
      this.afterOutput(() => void this.socket.end());
    } else if (reached(garbageAfterSentences)) {
      this.emit(GARBAGE);
      command.cancelled = true;
    } else if (reached(resetAfterSentences)) {
      // A reset right behind a write goes out as a plain FIN; a moment later it is a real RST.
      command.cancelled = true;
      this.afterOutput(() => void setTimeout(() => this.socket.resetAndDestroy(), 10));
    } else {
      return false;
    }
    return true;
  }

  /** Sends one command's replies in order, applying latency and the cut-off faults. */
  private async send(command: InFlight, replies: ReplySentence[], applyFaults = true): Promise<void> {
    if (applyFaults && this.context.faults.unknownReplyWords && replies.length > 0 && !this.socket.writableEnded) {
      this.emit(encodeSentence(["!unknown-reply", ...(command.tag === undefined ? [] : [`.tag=${command.tag}`])]));
    }
    const { latencyMs, dropAfterSentences, fatalAfterSentences, garbageAfterSentences, resetAfterSentences } = this.context.faults;
    const cutOff = [dropAfterSentences, fatalAfterSentences, garbageAfterSentences, resetAfterSentences].some((limit) => limit !== undefined);
    if (!applyFaults || (latencyMs === 0 && !cutOff)) {
      // One write for the whole reply: a 10,000-row print is one syscall, not 10,000.
      if (command.cancelled || this.socket.destroyed || this.socket.writableEnded) return;
      this.emit(Buffer.concat(replies.map((reply) => this.encode(reply))));
      command.sentSentences += replies.length;
      return;
    }
    for (const reply of replies) {
      if (this.interrupt(command, reply)) return;
      if (latencyMs > 0) await delay(latencyMs);
      if (command.cancelled || !this.write(reply)) return;
      command.sentSentences += 1;
    }
  }

  private async handle(request: RequestSentence): Promise<void> {
    const tag = request.api.tag;
    const command: InFlight = { tag, cancelled: false, sentSentences: 0 };
    const path = request.command;
    this.context.metrics.command(path);
    if (path === "/quit") {
      this.write(fatal("session terminated on request"));
      this.afterOutput(() => void this.socket.end());
      return;
    }
    if (path === "/login") {
      const answer = answerLogin(this.context.login, this.context.state.version, request, this.challenge, this.context.random);
      this.challenge = answer.challenge;
      if (answer.loggedIn) this.loggedIn = true;
      await this.send(command, answer.replies, false);
      return;
    }
    if (!this.loggedIn) {
      if (this.context.beforeLogin === "fatal") {
        this.write(fatal("not logged in"));
        this.afterOutput(() => void this.socket.end());
      } else {
        await this.send(command, [trap("not logged in", tag), done(tag)], false);
      }
      return;
    }
    if (path === "/cancel") {
      this.cancel(request);
      return;
    }
    this.commandsRun += 1;
    const { dropAfterCommands } = this.context.faults;
    if (dropAfterCommands !== undefined && this.commandsRun > dropAfterCommands) {
      this.socket.destroy();
      return;
    }
    this.inFlight.add(command);
    try {
      await this.run(command, request);
    } finally {
      this.inFlight.delete(command);
    }
  }

  private async run(command: InFlight, request: RequestSentence): Promise<void> {
    const { faults, state } = this.context;
    const path = request.command;
    const tag = request.api.tag;
    const wait = commandDelay(faults, path, this.context.random);
    if (wait > 0) await delay(wait);
    if (command.cancelled) return;
    const trappedMessage = injectedTrap(faults, path);
    if (trappedMessage !== undefined) return this.send(command, [trap(trappedMessage, tag), done(tag)]);
    if (matchingPattern(faults.stalledCommands, path) !== undefined) {
      return new Promise<void>((resolve) => (command.stopStream = resolve));
    }
    const listen = openListen(state, request);
    if (listen) {
      await this.send(command, listen.initial);
      if (command.cancelled) return;
      const unsubscribe = listen.subscribe((replies) => void this.send(command, replies));
      await new Promise<void>((resolve) => (command.stopStream = resolve));
      unsubscribe();
      return;
    }
    const stream = openStream(state, request);
    if (stream) return this.stream(command, stream.next, stream.intervalSeconds);
    let replies: ReplySentence[];
    try {
      replies = dispatch(state, request);
    } catch (error) {
      replies = [trap(error instanceof Error ? error.message : "failure", tag, trapCategory.generalFailure), done(tag)];
    }
    await this.send(command, replies);
  }

  /** Emits rows until cancelled; the first batch goes out at once, like monitor-traffic on a router. */
  private stream(command: InFlight, next: () => ReplySentence[], intervalSeconds: number): Promise<void> {
    const intervalMs = this.context.streamIntervalMs ?? intervalSeconds * 1000;
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const emit = async () => {
        await this.send(command, next());
        if (!command.cancelled && !this.socket.destroyed) timer = setTimeout(emit, intervalMs);
        else resolve();
      };
      command.stopStream = () => {
        clearTimeout(timer);
        resolve();
      };
      void emit();
    });
  }

  /** `/cancel =tag=T` or, without a tag, every running command (ROUTEROS.md §1.5). */
  private cancel(request: RequestSentence): void {
    const target = request.attributes.tag;
    const cancelled = [...this.inFlight].filter((command) => target === undefined || command.tag === target);
    for (const command of cancelled) {
      command.cancelled = true;
      command.stopStream?.();
      this.inFlight.delete(command);
      this.write(trap("interrupted", command.tag, trapCategory.interrupted));
    }
    this.write(done(request.api.tag));
    for (const command of cancelled) this.write(done(command.tag));
  }

  stopAll(): void {
    for (const command of this.inFlight) {
      command.cancelled = true;
      command.stopStream?.();
    }
    this.inFlight.clear();
  }
}
