/*
 * A NAS's side of RADIUS for the tests: one request to 127.0.0.1 from a chosen loopback source address (each NAS row is
 * found by the address its packets come from), sent again like a router does when no answer comes. Packets are encoded
 * and decoded by the `radius` package with MikroTik's attributes (radiusPackets).
 */
import { createHash, createHmac, randomBytes } from "node:crypto";
import dgram from "node:dgram";
import { radiusPackets } from "@/lib/routeros/radius-dictionary";

export type RadiusAnswer = { code: string; attributes: Record<string, unknown> };

export type RadiusRequest = {
  port: number;
  secret: string;
  /** The NAS's address: any 127.x.y.z (the destination is always 127.0.0.1). */
  source?: string;
  code?: "Access-Request" | "Accounting-Request";
  attributes: [string, unknown][];
  messageAuthenticator?: boolean;
  tries?: number;
  timeoutMs?: number;
};

/** The answer, or null when none came (a refused or unknown NAS gets silence, not a reject). */
export async function radiusRequest(request: RadiusRequest): Promise<RadiusAnswer | null> {
  const radius = radiusPackets();
  const code = request.code ?? "Access-Request";
  const packet = radius.encode({
    code,
    secret: request.secret,
    identifier: randomBytes(1)[0],
    attributes: request.attributes as never,
    add_message_authenticator: request.messageAuthenticator ?? code === "Access-Request",
  } as never);
  const socket = dgram.createSocket("udp4");
  await new Promise<void>((resolve, reject) => socket.once("error", reject).bind(0, request.source ?? "127.0.0.1", () => resolve()));
  try {
    const tries = request.tries ?? 3;
    for (let attempt = 0; attempt < tries; attempt++) {
      const reply = new Promise<Buffer | null>((resolve) => {
        const timer = setTimeout(() => resolve(null), request.timeoutMs ?? 2500);
        socket.once("message", (message: Buffer) => {
          clearTimeout(timer);
          resolve(message);
        });
      });
      // The same packet again (same identifier and authenticator), as a NAS retransmits.
      socket.send(packet, request.port, "127.0.0.1");
      const message = await reply;
      socket.removeAllListeners("message");
      if (!message) continue;
      if (!authentic(message, packet, request.secret)) throw new Error("The answer's authenticators are wrong");
      const decoded = radius.decode({ packet: message, secret: request.secret });
      return { code: decoded.code, attributes: decoded.attributes };
    }
    return null;
  } finally {
    socket.close();
  }
}

/**
 * RFC 2865's Response Authenticator and, when present, RFC 3579's Message-Authenticator (both computed over the answer
 * with the request's authenticator in its place). The `radius` package's own check re-encodes the answer's attributes
 * and so fails on answers FreeRADIUS packs differently.
 */
function authentic(response: Buffer, request: Buffer, secret: string): boolean {
  const withRequestAuthenticator = Buffer.from(response);
  request.copy(withRequestAuthenticator, 4, 4, 20);
  const expected = createHash("md5").update(withRequestAuthenticator).update(secret).digest();
  if (!expected.equals(response.subarray(4, 20))) return false;
  for (let offset = 20; offset + 2 <= response.length; offset += response[offset + 1] || response.length) {
    if (response[offset] !== 80) continue;
    const got = Buffer.from(response.subarray(offset + 2, offset + 18));
    withRequestAuthenticator.fill(0, offset + 2, offset + 18);
    return createHmac("md5", secret).update(withRequestAuthenticator).digest().equals(got);
  }
  return true;
}

/** CHAP-Password and CHAP-Challenge for a password (RFC 1994: MD5 of the identifier, the password and the challenge). */
export function chapAttributes(password: string): [string, Buffer][] {
  const id = randomBytes(1);
  const challenge = randomBytes(16);
  const response = createHash("md5").update(Buffer.concat([id, Buffer.from(password), challenge])).digest();
  return [
    ["CHAP-Password", Buffer.concat([id, response])],
    ["CHAP-Challenge", challenge],
  ];
}
