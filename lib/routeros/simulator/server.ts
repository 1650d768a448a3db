/*
 * The simulator's TCP face: the real binary API (protocol.ts) over 127.0.0.1, with login by version,
 * tags, interleaved commands, `/cancel`, `/quit` and runtime fault injection for client tests.
 */
import { createHash, randomBytes } from "node:crypto";
import { createServer, type Socket } from "node:net";
import { decodeWords, encodeSentence, encodeText, parseRequest, SentenceDecoder } from "../protocol";
import type { ReplySentence, RequestSentence } from "../types";
import { trapCategory } from "../types";
import { dispatch, openStream } from "./dispatch";
import { openListen } from "./listen";
import { done, fatal, replyWords, seededRandom, shuffledReplyWords, trap } from "./replies";
import { compareVersions, createRouterState, type RouterOptions, type RouterState } from "./router-state";

export type SimulatorFaults = {
  /** Delay before every reply sentence, per command (so a slow command lets later ones overtake it). */
  latencyMs: number;
  /** Close the connection after this many sentences of a command's reply, halfway through the next one. */
  dropAfterSentences: number | undefined;
  refuseLogins: boolean;
  /** Command path (`/ppp/secret/add`) → trap message sent instead of running it. */
  trappedCommands: Record<string, string>;
  /** Command paths that never answer until cancelled, for client timeout tests. */
  stalledCommands: string[];
  /** Precede every command's reply with an unknown `!unknown-reply` sentence (checklist 26), which clients must skip. */
  unknownReplyWords: boolean;
  /** Send reply words (`.tag` included) in a shuffled order, which clients must not depend on. */
  shuffleReplyWords: boolean;
};

export type SimulatorOptions = {
  port?: number;
  host?: string;
  username: string;
  password: string;
  version?: string;
  router?: Omit<RouterOptions, "version">;
  faults?: Partial<SimulatorFaults>;
  /** Time between rows of streaming commands (the router's is one second). */
  streamIntervalMs?: number;
  /** How commands sent before login are answered; the real router's behaviour is unverified (checklist 3). */
  beforeLogin?: "trap" | "fatal";
  /** The api service's `max-sessions` (default 20); further connections are closed at once (real behaviour unverified). */
  maxSessions?: number;
};

export type RunningSimulator = {
  port: number;
  state: RouterState;
  faults: SimulatorFaults;
  setFaults: (changes: Partial<SimulatorFaults>) => void;
  stop: () => Promise<void>;
};

const invalidLogin = "invalid user name or password (6)";

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The legacy (pre-6.43) login answer: "00" + hex(md5(0x00 ‖ password ‖ challenge bytes)). */
export function legacyLoginResponse(password: string, challengeHex: string): string {
  const digest = createHash("md5").update(Buffer.concat([Buffer.from([0]), encodeText(password), Buffer.from(challengeHex, "hex")]));
  return `00${digest.digest("hex")}`;
}

/** A running command; `sentSentences` spans every batch of a stream, so the drop fault also hits streams. */
type InFlight = { tag: string | undefined; cancelled: boolean; sentSentences: number; stopStream?: () => void };

class SimulatorConnection {
  private readonly decoder = new SentenceDecoder({ maxWordBytes: 1024 * 1024 });
  private loggedIn = false;
  private challenge: string | undefined;
  private readonly inFlight = new Set<InFlight>();
  private readonly random = seededRandom(1);

  constructor(
    private readonly socket: Socket,
    private readonly options: SimulatorOptions,
    private readonly state: RouterState,
    private readonly faults: SimulatorFaults,
  ) {
    socket.on("data", (chunk) => this.receive(chunk));
    socket.on("error", () => socket.destroy());
    socket.on("close", () => this.stopAll());
  }

  private receive(chunk: Buffer): void {
    let requests: RequestSentence[];
    try {
      requests = this.decoder.push(chunk).map((words) => parseRequest(decodeWords(words)));
    } catch {
      // A bad length byte or word leaves the stream unreadable, as on the router (checklist 2).
      this.socket.destroy();
      return;
    }
    for (const request of requests) void this.handle(request);
  }

  private write(reply: ReplySentence): boolean {
    if (this.socket.destroyed || this.socket.writableEnded) return false;
    this.socket.write(encodeSentence(this.faults.shuffleReplyWords ? shuffledReplyWords(reply, this.random) : replyWords(reply)));
    return true;
  }

  /** Sends one command's replies in order, applying latency and the drop fault. */
  private async send(command: InFlight, replies: ReplySentence[], applyFaults = true): Promise<void> {
    if (applyFaults && this.faults.unknownReplyWords && replies.length > 0 && !this.socket.writableEnded) {
      this.socket.write(encodeSentence(["!unknown-reply", ...(command.tag === undefined ? [] : [`.tag=${command.tag}`])]));
    }
    for (const reply of replies) {
      if (applyFaults && this.faults.dropAfterSentences !== undefined && command.sentSentences >= this.faults.dropAfterSentences) {
        // Cut inside a sentence, so clients must cope with a truncated read, not just a clean close.
        const bytes = encodeSentence(replyWords(reply));
        this.socket.end(bytes.subarray(0, Math.ceil(bytes.length / 2)), () => this.socket.destroy());
        return;
      }
      if (applyFaults && this.faults.latencyMs > 0) await delay(this.faults.latencyMs);
      if (command.cancelled || !this.write(reply)) return;
      command.sentSentences += 1;
    }
  }

  private async handle(request: RequestSentence): Promise<void> {
    const tag = request.api.tag;
    const command: InFlight = { tag, cancelled: false, sentSentences: 0 };
    const path = request.command;
    if (path === "/quit") {
      this.write(fatal("session terminated on request"));
      this.socket.end();
      return;
    }
    if (path === "/login") {
      await this.send(command, this.login(request), false);
      return;
    }
    if (!this.loggedIn) {
      if (this.options.beforeLogin === "fatal") {
        this.write(fatal("not logged in"));
        this.socket.end();
      } else {
        await this.send(command, [trap("not logged in", tag), done(tag)], false);
      }
      return;
    }
    if (path === "/cancel") {
      this.cancel(request);
      return;
    }
    const trappedMessage = this.faults.trappedCommands[path];
    this.inFlight.add(command);
    try {
      if (trappedMessage !== undefined) {
        await this.send(command, [trap(trappedMessage, tag), done(tag)]);
        return;
      }
      if (this.faults.stalledCommands.includes(path)) {
        await new Promise<void>((resolve) => (command.stopStream = resolve));
        return;
      }
      const listen = openListen(this.state, request);
      if (listen) {
        await this.send(command, listen.initial);
        if (command.cancelled) return;
        const unsubscribe = listen.subscribe((replies) => void this.send(command, replies));
        await new Promise<void>((resolve) => (command.stopStream = resolve));
        unsubscribe();
        return;
      }
      const stream = openStream(this.state, request);
      if (stream) {
        await this.stream(command, stream.next, stream.intervalSeconds);
        return;
      }
      let replies: ReplySentence[];
      try {
        replies = dispatch(this.state, request);
      } catch (error) {
        replies = [trap(error instanceof Error ? error.message : "failure", tag, trapCategory.generalFailure), done(tag)];
      }
      await this.send(command, replies);
    } finally {
      this.inFlight.delete(command);
    }
  }

  /** Emits rows until cancelled; the first batch goes out at once, like monitor-traffic on a router. */
  private stream(command: InFlight, next: () => ReplySentence[], intervalSeconds: number): Promise<void> {
    const intervalMs = this.options.streamIntervalMs ?? intervalSeconds * 1000;
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

  private login(request: RequestSentence): ReplySentence[] {
    const tag = request.api.tag;
    const version = this.options.version ?? this.state.version;
    const legacyOnly = compareVersions(version, "6.43") < 0;
    const legacyAccepted = compareVersions(version, "6.45.1") < 0;
    const { name, password, response } = request.attributes;
    if (this.faults.refuseLogins) return [trap(invalidLogin, tag), done(tag)];
    if (response !== undefined) {
      const valid =
        legacyAccepted &&
        this.challenge !== undefined &&
        name === this.options.username &&
        response === legacyLoginResponse(this.options.password, this.challenge);
      this.challenge = undefined;
      if (!valid) return [trap(legacyOnly ? "cannot log in" : invalidLogin, tag), done(tag)];
      this.loggedIn = true;
      return [done(tag)];
    }
    // Pre-6.43 routers ignore name/password and always answer with a challenge.
    if (legacyOnly || (legacyAccepted && password === undefined)) {
      this.challenge = randomBytes(16).toString("hex");
      return [done(tag, { ret: this.challenge })];
    }
    if (name !== this.options.username || password !== this.options.password) return [trap(invalidLogin, tag), done(tag)];
    this.loggedIn = true;
    return [done(tag)];
  }

  stopAll(): void {
    for (const command of this.inFlight) {
      command.cancelled = true;
      command.stopStream?.();
    }
    this.inFlight.clear();
  }
}

export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const host = options.host ?? "127.0.0.1";
  // Only loopback: the simulator has well-known demo passwords.
  if (host !== "127.0.0.1" && host !== "localhost" && host !== "::1") throw new Error(`the simulator binds to loopback only, not ${host}`);
  const state = createRouterState({ ...options.router, version: options.version ?? "7.19.2" });
  const faults: SimulatorFaults = {
    latencyMs: 0,
    dropAfterSentences: undefined,
    refuseLogins: false,
    trappedCommands: {},
    stalledCommands: [],
    unknownReplyWords: false,
    shuffleReplyWords: false,
    ...options.faults,
  };
  const sockets = new Set<Socket>();
  const connections = new Set<SimulatorConnection>();
  const server = createServer((socket) => {
    if (sockets.size >= (options.maxSessions ?? 20)) {
      socket.destroy();
      return;
    }
    sockets.add(socket);
    const connection = new SimulatorConnection(socket, options, state, faults);
    connections.add(connection);
    socket.on("close", () => {
      sockets.delete(socket);
      connections.delete(connection);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address !== null ? address.port : 0;
  return {
    port,
    state,
    faults,
    setFaults: (changes) => Object.assign(faults, changes),
    stop: () =>
      new Promise<void>((resolve) => {
        for (const connection of connections) connection.stopAll();
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
