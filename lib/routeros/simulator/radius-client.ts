/*
 * The simulated router's RADIUS sockets (UDP, 127.0.0.1 only): the client that sends Access- and
 * Accounting-Requests with retries per `/radius timeout`, and the `/radius/incoming` listener that answers
 * CoA-Request and Disconnect-Request (RFC 5176). Every packet is encoded and decoded by `radiusPackets()`
 * (../radius-dictionary.ts), so MikroTik's vendor attributes have their names.
 */
import { createSocket, type RemoteInfo, type Socket } from "node:dgram";
import { radiusPackets, verifyDynamicRequest } from "../radius-dictionary";
import { RADIUS_LOOPBACK, radiusLog } from "./radius-accounting";
import { answerDynamicRequest } from "./radius-incoming";
import { tableOf, type RadiusAttributeList, type RadiusAuthAnswer, type RadiusServer, type RadiusTransport, type RouterState } from "./router-state";

/** How many times a request goes out before the router gives up on a server (the router's count is unverified). */
export const RADIUS_TRIES = 3;

type Waiter = { check: (response: Buffer) => boolean; resolve: (response: Buffer | undefined) => void };

function bindLoopback(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket("udp4");
    socket.once("error", reject);
    socket.bind({ address: RADIUS_LOOPBACK, port }, () => {
      socket.off("error", reject);
      resolve(socket);
    });
  });
}

/** The router's RADIUS client: one socket on 127.0.0.1, replies matched to requests by server port and identifier. */
export class RadiusUdpClient implements RadiusTransport {
  private socket: Promise<Socket> | undefined;
  private readonly waiting = new Map<string, Waiter>();
  private nextIdentifier = 0;
  private closed = false;

  constructor(private readonly state: RouterState) {}

  authenticate(servers: RadiusServer[], attributes: RadiusAttributeList): Promise<RadiusAuthAnswer> {
    return this.firstAnswer(servers, "Access-Request", attributes).then((answer) => {
      if (!answer) return { code: "no-answer", reason: "radius server did not answer" };
      const code = answer.code === "Access-Accept" ? "Access-Accept" : "Access-Reject";
      return { code, attributes: answer.attributes as Record<string, unknown> };
    });
  }

  /** Fire and forget: retried per timeout, then dropped (as a router without an accounting queue would). */
  account(servers: RadiusServer[], attributes: RadiusAttributeList): void {
    void this.firstAnswer(servers, "Accounting-Request", attributes).then((answer) => {
      if (!answer) radiusLog(this.state, "accounting request got no answer");
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const waiter of this.waiting.values()) waiter.resolve(undefined);
    this.waiting.clear();
    const socket = await this.socket?.catch(() => undefined);
    await new Promise<void>((resolve) => (socket ? socket.close(() => resolve()) : resolve()));
  }

  /** Tries the servers in order, each `RADIUS_TRIES` times; the first valid answer wins. */
  private async firstAnswer(servers: RadiusServer[], code: string, attributes: RadiusAttributeList) {
    const radius = radiusPackets();
    for (const server of servers) {
      if (this.closed) return undefined;
      // The simulator never sends a packet off the machine, whatever /radius says.
      if (server.address !== RADIUS_LOOPBACK) continue;
      const port = code === "Access-Request" ? server.authenticationPort : server.accountingPort;
      const identifier = this.nextIdentifier;
      this.nextIdentifier = (this.nextIdentifier + 1) % 256;
      const request = radius.encode({
        code,
        secret: server.secret,
        identifier,
        attributes,
        add_message_authenticator: code === "Access-Request" && server.requireMessageAuth,
      });
      const check = (response: Buffer) => {
        // A request with a Message-Authenticator needs one in the answer too (require-message-auth=yes-for-request-resp).
        if (radius.verify_response({ request, response: Buffer.from(response), secret: server.secret })) return true;
        radiusLog(this.state, `radius answer from ${server.address}:${port} dropped: bad authenticator or Message-Authenticator`);
        return false;
      };
      for (let attempt = 0; attempt < RADIUS_TRIES && !this.closed; attempt += 1) {
        const response = await this.exchange(port, identifier, request, server.timeoutMs, check);
        if (response) return radius.decode({ packet: response, secret: server.secret });
      }
      radiusLog(this.state, `radius server ${server.address}:${port} timed out`);
    }
    return undefined;
  }

  private async exchange(port: number, identifier: number, request: Buffer, timeoutMs: number, check: Waiter["check"]): Promise<Buffer | undefined> {
    const socket = await this.open();
    const key = `${port}:${identifier}`;
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(undefined), timeoutMs);
      const finish = (response: Buffer | undefined) => {
        clearTimeout(timer);
        if (this.waiting.get(key)?.resolve === finish) this.waiting.delete(key);
        resolve(response);
      };
      this.waiting.set(key, { check, resolve: finish });
      socket.send(request, port, RADIUS_LOOPBACK, (error) => {
        if (error) radiusLog(this.state, `radius send to ${RADIUS_LOOPBACK}:${port} failed: ${error.message}`);
      });
    });
  }

  private open(): Promise<Socket> {
    this.socket ??= bindLoopback(0).then((socket) => {
      socket.on("message", (message: Buffer, remote: RemoteInfo) => this.received(message, remote));
      socket.on("error", (error) => radiusLog(this.state, `radius socket: ${error.message}`));
      return socket;
    });
    return this.socket;
  }

  private received(message: Buffer, remote: RemoteInfo): void {
    if (message.length < 20 || remote.address !== RADIUS_LOOPBACK) return;
    const waiter = this.waiting.get(`${remote.port}:${message[1]}`);
    if (waiter?.check(message)) waiter.resolve(message);
  }
}

export type RadiusIncoming = { port: number; close: () => Promise<void> };

/**
 * `/radius/incoming`: a UDP listener on 127.0.0.1:`port` (0 = any free port). A packet is answered only while
 * `accept=yes`, only from the address of a `/radius` entry, and only when that entry's secret verifies it;
 * anything else is dropped without an answer (RFC 5176).
 */
export async function startRadiusIncoming(state: RouterState, port: number): Promise<RadiusIncoming> {
  const socket = await bindLoopback(port);
  const bound = socket.address().port;
  tableOf(state, "radius/incoming")[0].props.port = String(bound);
  socket.on("error", (error) => radiusLog(state, `radius incoming: ${error.message}`));
  socket.on("message", (message: Buffer, remote: RemoteInfo) => {
    const answer = answerIncoming(state, message, remote.address);
    if (answer) socket.send(answer, remote.port, remote.address);
  });
  return { port: bound, close: () => new Promise<void>((resolve) => socket.close(() => resolve())) };
}

function answerIncoming(state: RouterState, message: Buffer, from: string): Buffer | undefined {
  if (state.down || tableOf(state, "radius/incoming")[0]?.props.accept !== "yes") return undefined;
  const radius = radiusPackets();
  const secrets = tableOf(state, "radius")
    .filter((row) => row.props.disabled !== "true" && row.props.address === from.replace(/^::ffff:/, ""))
    .map((row) => row.props.secret ?? "");
  for (const secret of secrets) {
    // Verified as RFC 5176 signs it (the package's own check takes the Message-Authenticator in the wrong order).
    if (!verifyDynamicRequest(message, secret).valid) continue;
    let packet: ReturnType<typeof radius.decode>;
    try {
      packet = radius.decode_without_secret({ packet: message });
    } catch {
      continue;
    }
    const reply = answerDynamicRequest(state, packet);
    if (!reply) return undefined;
    return radius.encode_response({ packet, code: reply.code, secret, attributes: reply.attributes });
  }
  radiusLog(state, `radius incoming packet from ${from} dropped: unknown sender or bad secret`);
  return undefined;
}
